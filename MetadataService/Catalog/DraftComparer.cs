namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>Field-by-field equality of drafts (records compare lists by reference, which is not what we mean).</summary>
public static class DraftComparer
{
    public static bool SameContent(ExerciseDraft a, ExerciseDraft b)
        => a.Name == b.Name && a.Description == b.Description && a.Category == b.Category && a.Level == b.Level
           && a.Force == b.Force && a.Mechanic == b.Mechanic && a.Equipment == b.Equipment
           && a.Instructions.SequenceEqual(b.Instructions) && a.PrimaryMuscles.SequenceEqual(b.PrimaryMuscles)
           && a.SecondaryMuscles.SequenceEqual(b.SecondaryMuscles) && a.Aliases.SequenceEqual(b.Aliases);
}
