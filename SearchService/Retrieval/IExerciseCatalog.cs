using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>The metadata service as search uses it: keyword search, details in one batch, and the vocabulary.</summary>
public interface IExerciseCatalog
{
    /// <summary>Keyword (full-text, typo-tolerant) search with the filters applied, best first.</summary>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    Task<IReadOnlyList<KeywordHit>> SearchKeywordAsync(string text, ExerciseFilters filters, int limit, CancellationToken cancellationToken);

    /// <summary>The exercises with these ids, in any order; unknown ids are left out.</summary>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    Task<IReadOnlyList<ExerciseDetails>> GetExercisesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>Every exercise of the catalog (a few thousand at most: what in-memory indexes are built from).</summary>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    Task<IReadOnlyList<ExerciseDetails>> ListExercisesAsync(CancellationToken cancellationToken);

    /// <summary>The catalog's facet values with synonyms, and its words for spelling correction.</summary>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    Task<CatalogVocabulary> GetVocabularyAsync(CancellationToken cancellationToken);
}

/// <param name="Score">Relevance as the keyword engine scores it (higher is better; scale is the engine's).</param>
public sealed record KeywordHit(string Id, double Score);

/// <param name="Words">The catalog's words with the number of exercises each occurs in.</param>
public sealed record CatalogVocabulary(IReadOnlyList<FacetValue> Facets, IReadOnlyDictionary<string, int> Words);
