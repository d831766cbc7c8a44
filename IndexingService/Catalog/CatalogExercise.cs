namespace FitnessAssistant.IndexingService.Catalog;

/// <summary>What indexing needs of an exercise: the text to embed and the attributes search filters on.</summary>
public sealed record CatalogExercise(
    string Id,
    string Name,
    IReadOnlyList<string> Aliases,
    string? Description,
    IReadOnlyList<string> Instructions,
    string Category,
    string Level,
    string? Force,
    string? Mechanic,
    string? Equipment,
    IReadOnlyList<string> PrimaryMuscles,
    IReadOnlyList<string> SecondaryMuscles,
    long RowVersion);
