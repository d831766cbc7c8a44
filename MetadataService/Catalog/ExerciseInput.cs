namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// An exercise as a client sends it (admin create and update). Everything is nullable so that a missing field is
/// reported by validation with its name instead of failing deserialisation as a whole.
/// </summary>
public sealed record ExerciseInput(
    string? Id,
    string? Name,
    string? Description,
    IReadOnlyList<string?>? Instructions,
    string? Category,
    string? Level,
    string? Force,
    string? Mechanic,
    string? Equipment,
    IReadOnlyList<string?>? PrimaryMuscles,
    IReadOnlyList<string?>? SecondaryMuscles,
    IReadOnlyList<string?>? Aliases);
