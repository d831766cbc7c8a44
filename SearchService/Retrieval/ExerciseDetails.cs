namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>An exercise as search reads it from the catalog and ranks on.</summary>
public sealed record ExerciseDetails(
    string Id,
    string Name,
    string? Category,
    string? Level,
    string? Force,
    string? Mechanic,
    string? Equipment,
    IReadOnlyList<string> PrimaryMuscles,
    IReadOnlyList<string> SecondaryMuscles)
    : ExerciseFacts(Id, Name, Category, Level, Force, Mechanic, Equipment, PrimaryMuscles, SecondaryMuscles)
{
    /// <summary>Other names people know it by ("bulgarian squat"); filled where a feature uses them (listing for suggestions).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Whether the exercise carries the value; "none" matches an attribute the exercise does not state.</summary>
    /// <summary>Whether the exercise meets every condition of <paramref name="filters"/>.</summary>
    public bool Satisfies(ExerciseFilters filters) => filters.Fields.All(f => filters[f].Any(v => Has(f, v)));

    public bool Has(FacetField field, string value) => field switch
    {
        FacetField.Muscle => PrimaryMuscles.Contains(value) || SecondaryMuscles.Contains(value),
        FacetField.Equipment => Same(Equipment, value),
        FacetField.Category => Same(Category, value),
        FacetField.Level => Same(Level, value),
        FacetField.Force => Same(Force, value),
        FacetField.Mechanic => Same(Mechanic, value),
        _ => false,
    };

    /// <summary>The values the exercise has for a field, for facet counts ("none" when it states nothing).</summary>
    public IEnumerable<string> ValuesOf(FacetField field) => field switch
    {
        FacetField.Muscle => PrimaryMuscles.Concat(SecondaryMuscles).Distinct(StringComparer.Ordinal),
        FacetField.Equipment => [Equipment ?? FacetFields.Unstated],
        FacetField.Category => Category is null ? [] : [Category],
        FacetField.Level => Level is null ? [] : [Level],
        FacetField.Force => [Force ?? FacetFields.Unstated],
        FacetField.Mechanic => [Mechanic ?? FacetFields.Unstated],
        _ => [],
    };

    private static bool Same(string? actual, string value)
        => actual is null ? value == FacetFields.Unstated : string.Equals(actual, value, StringComparison.OrdinalIgnoreCase);
}
