namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>The facts of a catalog exercise a <see cref="JudgingRule"/> looks at (free-exercise-db's fields).</summary>
public sealed record GradedExercise(
    string Id,
    string Name,
    string Category,
    string Level,
    string? Force,
    string? Mechanic,
    string? Equipment,
    IReadOnlyList<string> PrimaryMuscles,
    IReadOnlyList<string> SecondaryMuscles)
{
    /// <summary>The columns <see cref="GradedExercise"/> is read from, in constructor order.</summary>
    public const string Columns = "slug, name, category, level, force, mechanic, equipment, primary_muscles, secondary_muscles";
}
