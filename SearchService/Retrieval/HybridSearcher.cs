using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Hybrid retrieval: semantic k-NN and keyword search, each run with the client's filters and, when the query
/// names facets, once more narrowed by them (an empty narrowed list simply adds nothing); the lists are fused,
/// the details of the best candidates are loaded in one batch and the <see cref="Reranker"/> orders them.
/// Semantic search failing degrades to keyword results; without the metadata service there is no answer.
/// </summary>
public sealed class HybridSearcher(
    IQueryEmbedder embedder,
    IVectorSearch vectors,
    IExerciseCatalog catalog,
    IOptionsMonitor<RetrievalOptions> options,
    ILogger<HybridSearcher> logger)
{
    /// <summary>Starts fetching the query's vector (<see cref="IQueryEmbedder.Begin"/>) before the search is known to be needed.</summary>
    public PendingQueryVector BeginEmbedding(ParsedQuery query, CancellationToken cancellationToken)
        => embedder.Begin(query.SemanticText, cancellationToken);

    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    public Task<SearchOutcome> SearchAsync(ParsedQuery query, ExerciseFilters filters, CancellationToken cancellationToken)
        => SearchAsync(query, filters, BeginEmbedding(query, cancellationToken), cancellationToken);

    /// <param name="vector">The query's vector from <see cref="BeginEmbedding"/>.</param>
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    public async Task<SearchOutcome> SearchAsync(ParsedQuery query, ExerciseFilters filters, PendingQueryVector vector, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (query.Constraints.Count == 0)
        {
            return await RetrieveAsync(query, vector, filters, filters, applyConstraints: false, settings, cancellationToken);
        }
        // The query's conditions are filters on both retrievers, so what they leave out does not take the places of
        // what they keep; only when nothing at all satisfies them are they relaxed (never an empty answer for that).
        var constrained = await RetrieveAsync(query, vector, filters, filters.Narrow(QueryConstraints.Filters(query)), applyConstraints: true, settings, cancellationToken);
        if (constrained.Hits.Count > 0)
        {
            return constrained;
        }
        logger.LogInformation("Nothing satisfies the query's conditions; answering without them");
        var relaxed = await RetrieveAsync(query, vector, filters, filters, applyConstraints: false, settings, cancellationToken);
        return relaxed with { ConstraintsRelaxed = true };
    }

    private async Task<SearchOutcome> RetrieveAsync(
        ParsedQuery query,
        PendingQueryVector vector,
        ExerciseFilters filters,
        ExerciseFilters retrievalFilters,
        bool applyConstraints,
        RetrievalOptions settings,
        CancellationToken cancellationToken)
    {
        var narrowed = retrievalFilters.Narrow(QueryFilters(query));
        var narrowedFilters = narrowed.ToString() != retrievalFilters.ToString() ? narrowed : null;

        var semanticTask = SemanticListsAsync(vector, retrievalFilters, narrowedFilters, settings, cancellationToken);
        var keywordTask = KeywordListsAsync(query, retrievalFilters, narrowedFilters, settings, cancellationToken);
        var degradations = new List<Degradation>();
        var semantic = await ListsOrNoneAsync(semanticTask, Degradation.KeywordOnly, degradations);
        var keyword = await ListsOrNoneAsync(keywordTask, Degradation.SemanticOnly, degradations);
        if (semantic is null && keyword is null)
        {
            throw new DependencyUnavailableException("retrieval", string.Join("; ", degradations.Select(d => d.Reason)));
        }

        var fused = RankFusion.Fuse((semantic ?? []).Concat(keyword ?? []), settings.Fusion, settings.RrfK)
            .Take(settings.CandidatePool)
            .ToList();
        var details = fused.Count == 0
            ? []
            : await catalog.GetExercisesAsync([.. fused.Select(c => c.Id)], cancellationToken);
        var hits = Reranker.Rank(query, filters, fused, details.ToDictionary(d => d.Id, StringComparer.Ordinal), settings, applyConstraints);
        return new SearchOutcome(hits, FacetCounter.Count(hits), degradations);
    }

    /// <summary>The lists of one retriever, or null (and the degradation noted) when its dependency failed.</summary>
    private async Task<IReadOnlyList<RetrievalList>?> ListsOrNoneAsync(
        Task<IReadOnlyList<RetrievalList>> lists, string modeWithoutIt, List<Degradation> degradations)
    {
        try
        {
            return await lists;
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning("Answering {Mode}: {Reason}", modeWithoutIt, ex.Message);
            degradations.Add(new Degradation(modeWithoutIt, ex.Message));
            return null;
        }
    }

    /// <summary>The facets the query names, as filters (used only to add narrowed lists, never to drop results).</summary>
    public static ExerciseFilters QueryFilters(ParsedQuery query)
        => new(FacetFields.All.Select(f => KeyValuePair.Create(f, (IEnumerable<string>)query.ValuesOf(f))));

    private async Task<IReadOnlyList<RetrievalList>> SemanticListsAsync(
        PendingQueryVector pending, ExerciseFilters filters, ExerciseFilters? narrowed, RetrievalOptions settings, CancellationToken cancellationToken)
    {
        var vector = await pending.GetAsync(cancellationToken);
        var broad = vectors.SearchAsync(vector, filters, settings.ListDepth, cancellationToken);
        var focused = narrowed is null ? null : vectors.SearchAsync(vector, narrowed, settings.ListDepth, cancellationToken);
        var lists = new List<RetrievalList> { SemanticList("semantic", settings.SemanticWeight, await broad) };
        if (focused is not null)
        {
            lists.Add(SemanticList("semantic-narrowed", settings.SemanticWeight * settings.NarrowedWeight, await focused));
        }
        return lists;
    }

    private async Task<IReadOnlyList<RetrievalList>> KeywordListsAsync(
        ParsedQuery query, ExerciseFilters filters, ExerciseFilters? narrowed, RetrievalOptions settings, CancellationToken cancellationToken)
    {
        var text = query.KeywordText;
        if (text.Length == 0)
        {
            return [];
        }
        var broad = catalog.SearchKeywordAsync(text, filters, settings.ListDepth, cancellationToken);
        var focused = narrowed is null ? null : catalog.SearchKeywordAsync(text, narrowed, settings.ListDepth, cancellationToken);
        var lists = new List<RetrievalList> { KeywordList("keyword", settings.KeywordWeight, await broad) };
        if (focused is not null)
        {
            lists.Add(KeywordList("keyword-narrowed", settings.KeywordWeight * settings.NarrowedWeight, await focused));
        }
        return lists;
    }

    private static RetrievalList SemanticList(string name, double weight, IReadOnlyList<SemanticHit> hits)
        => new(name, RetrievalKind.Semantic, weight, [.. hits.Select(h => (h.Id, h.Similarity))]);

    private static RetrievalList KeywordList(string name, double weight, IReadOnlyList<KeywordHit> hits)
        => new(name, RetrievalKind.Keyword, weight, [.. hits.Select(h => (h.Id, h.Score))]);
}
