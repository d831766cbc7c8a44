namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Catalog filters, each a set of canonical vocabulary values (any of them matches). <see cref="Muscles"/> matches a
/// muscle in either role, <see cref="PrimaryMuscles"/> only primary ones. <see cref="None"/> in equipment, force or
/// mechanic matches exercises that do not state it (free-exercise-db leaves some empty).
/// </summary>
public sealed record ExerciseFilter(
    IReadOnlyList<string> Muscles,
    IReadOnlyList<string> PrimaryMuscles,
    IReadOnlyList<string> Equipment,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Levels,
    IReadOnlyList<string> Forces,
    IReadOnlyList<string> Mechanics)
{
    public const string None = "none";

    public static ExerciseFilter Empty { get; } = new([], [], [], [], [], [], []);

    public bool IsEmpty => Muscles.Count + PrimaryMuscles.Count + Equipment.Count + Categories.Count + Levels.Count + Forces.Count + Mechanics.Count == 0;
}
