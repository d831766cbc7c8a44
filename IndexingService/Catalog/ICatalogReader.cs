using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.IndexingService.Catalog;

/// <summary>The exercise catalog as indexing reads it (metadata gRPC in production; a fake in unit tests).</summary>
public interface ICatalogReader
{
    /// <summary>
    /// The current rows of these exercises; ids the catalog does not have (deleted) are left out.
    /// <paramref name="minimumRowVersions"/> names the version each event announced, so a lagging read replica is
    /// never taken for the truth.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">The catalog cannot answer now.</exception>
    Task<IReadOnlyList<CatalogExercise>> GetAsync(IReadOnlyDictionary<string, long> minimumRowVersions, CancellationToken cancellationToken);

    /// <summary>One page of the whole catalog in a stable order; <c>NextPageToken</c> is null after the last page.</summary>
    /// <exception cref="DependencyUnavailableException">The catalog cannot answer now.</exception>
    Task<CatalogPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken);
}

public sealed record CatalogPage(IReadOnlyList<CatalogExercise> Exercises, string? NextPageToken, long? TotalCount);
