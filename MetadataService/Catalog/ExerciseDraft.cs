namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// A validated, normalised exercise about to be written: every vocabulary value is canonical, lists hold no
/// duplicates, text is trimmed. Two drafts of the same exercise compare equal field by field, which is how an
/// import tells "unchanged" from "updated".
/// </summary>
public sealed record ExerciseDraft(
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<string> Instructions,
    string Category,
    string Level,
    string? Force,
    string? Mechanic,
    string? Equipment,
    IReadOnlyList<string> PrimaryMuscles,
    IReadOnlyList<string> SecondaryMuscles,
    IReadOnlyList<string> Aliases);
