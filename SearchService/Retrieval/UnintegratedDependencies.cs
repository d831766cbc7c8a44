namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Stands in for the embedding and metadata clients until those services land on main: every
/// call reports the dependency unavailable, so the API answers 503 with Retry-After rather than failing.
/// </summary>
public sealed class UnintegratedDependencies : IQueryEmbedder, IExerciseCatalog
{
    public Task<QueryVector> EmbedAsync(string text, CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Embedding);

    public Task<IReadOnlyList<KeywordHit>> SearchKeywordAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Metadata);

    public Task<IReadOnlyList<ExerciseDetails>> GetExercisesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Metadata);

    public Task<CatalogVocabulary> GetVocabularyAsync(CancellationToken cancellationToken)
        => throw Unavailable(Dependencies.Metadata);

    private static DependencyUnavailableException Unavailable(string dependency)
        => new(dependency, "not connected yet", retryAfter: TimeSpan.FromSeconds(30));
}
