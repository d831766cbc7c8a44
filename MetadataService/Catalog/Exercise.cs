namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>An exercise as the catalog stores and serves it. <see cref="Id"/> is the public, URL-safe slug.</summary>
public sealed record Exercise(
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
    IReadOnlyList<string> Aliases,
    string Source,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    long RowVersion);
