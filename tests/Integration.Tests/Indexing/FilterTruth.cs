using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IntegrationTests.Indexing;

/// <summary>
/// Whether an exercise's attributes satisfy filters, decided in memory: the ground truth filtered k-NN is checked
/// against, by the vector index's tests and (linked) by Indexing.Benchmarks' recall measurements.
/// </summary>
public static class FilterTruth
{
    public static bool Matches(ExerciseAttributes attributes, ExerciseFilters filters)
        => filters.Fields.All(field => filters[field].Any(wanted => Values(attributes, field).Any(held => string.Equals(held, wanted, StringComparison.OrdinalIgnoreCase))));

    private static IEnumerable<string?> Values(ExerciseAttributes attributes, FacetField field) => field switch
    {
        FacetField.Muscle => [.. attributes.PrimaryMuscles, .. attributes.SecondaryMuscles],
        FacetField.Equipment => [attributes.Equipment],
        FacetField.Category => [attributes.Category],
        FacetField.Level => [attributes.Level],
        FacetField.Force => [attributes.Force],
        _ => [attributes.Mechanic],
    };
}
