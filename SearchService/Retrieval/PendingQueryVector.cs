using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// The query vector of one search (<see cref="IQueryEmbedder.Begin"/>), fetched at most once however many retrievals
/// the search runs (a query's conditions relaxed runs retrieval twice).
/// </summary>
/// <remarks>A search's retrievals run one after another, so the first call is the one that fetches.</remarks>
public sealed class PendingQueryVector(Func<CancellationToken, Task<QueryVector>> fetch)
{
    private Task<QueryVector>? _vector;

    /// <exception cref="DependencyUnavailableException">The embedding service cannot answer.</exception>
    public Task<QueryVector> GetAsync(CancellationToken cancellationToken) => _vector ??= fetch(cancellationToken);
}
