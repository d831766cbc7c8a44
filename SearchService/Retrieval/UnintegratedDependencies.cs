namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Stands in for the metadata client until that service's gRPC API lands on main: every
/// call reports the dependency unavailable, so the API answers 503 with Retry-After rather than failing.
/// </summary>
public sealed class UnintegratedDependencies : IExerciseCatalog
{
    public Task<IReadOnlyList<KeywordHit>> SearchKeywordAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Metadata);

    public Task<IReadOnlyList<ExerciseDetails>> GetExercisesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Metadata);

    public Task<CatalogVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Metadata);

    private static DependencyUnavailableException Unavailable(string dependency)
        => new(dependency, "not connected yet", retryAfter: TimeSpan.FromSeconds(30));
}
