namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Everything a query produced, before paging: what the cache stores and every page is cut from.
/// </summary>
/// <param name="Hits">Ranked, best first, at most the candidate pool.</param>
/// <param name="Facets">Per field, how many of <paramref name="Hits"/> carry each value.</param>
/// <param name="Degradations">Why the answer is less than complete (empty when it is complete).</param>
/// <param name="ConstraintsRelaxed">Nothing satisfied the query's conditions, so the results ignore them.</param>
public sealed record SearchOutcome(
    IReadOnlyList<RankedHit> Hits,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    IReadOnlyList<Degradation> Degradations,
    bool ConstraintsRelaxed = false)
{
    /// <summary>The exercise the query asked for substitutes or progressions of, when it did.</summary>
    public RelatedTo? Related { get; init; }
}

/// <summary>A query read as a request for exercises related to one it names ("swap for the lat pulldown").</summary>
/// <param name="Kind"><c>substitutes</c>, <c>easier</c> or <c>harder</c>.</param>
/// <param name="Id">The exercise the query names.</param>
/// <param name="Name">Its name in the catalog.</param>
/// <param name="Phrase">The words of the query that named it.</param>
/// <param name="Conditions">What else the query asks of the results ("with barbell", "cables taken: not cable").</param>
public sealed record RelatedTo(string Kind, string Id, string Name, string Phrase, IReadOnlyList<string> Conditions);

public sealed record RankedHit(ExerciseDetails Exercise, double Score, HitExplanation Why);

/// <summary>Why an exercise was returned.</summary>
/// <param name="MatchedTerms">Words of the query found in the exercise's name.</param>
/// <param name="MatchedFacets">Filters and query facets the exercise satisfies.</param>
/// <param name="SemanticSimilarity">Cosine similarity of the query and the exercise, when semantic search found it.</param>
/// <param name="SemanticRank">Its rank in semantic search (1 = nearest), when found there.</param>
/// <param name="KeywordRank">Its rank in keyword search, when found there.</param>
/// <param name="Highlights">The parts of the name the query's words matched (character offsets into the name), for highlighting.</param>
/// <param name="Reasons">For substitutes and progressions: what it shares with the exercise asked about and how it differs.</param>
public sealed record HitExplanation(
    IReadOnlyList<string> MatchedTerms,
    IReadOnlyList<FacetMatch> MatchedFacets,
    double? SemanticSimilarity,
    int? SemanticRank,
    int? KeywordRank,
    IReadOnlyList<NameSpan>? Highlights = null,
    IReadOnlyList<string>? Reasons = null)
{
    /// <summary>Which retrievers found it: <c>semantic</c>, <c>keyword</c> or both.</summary>
    public IReadOnlyList<string> Retrievers =>
        [.. SemanticRank is null ? Array.Empty<string>() : ["semantic"], .. KeywordRank is null ? Array.Empty<string>() : ["keyword"]];
}

/// <param name="Source"><c>filter</c> (the client's filter) or <c>query</c> (named in the query text).</param>
/// <param name="Role">For muscles: <c>primary</c> or <c>secondary</c>.</param>
public sealed record FacetMatch(string Field, string Value, string Source, string? Role = null);

public sealed record FacetCount(string Value, int Count);

/// <summary>Why an answer is less than complete.</summary>
/// <param name="Mode"><c>keyword-only</c>, <c>semantic-only</c> or <c>stale</c> (the names of docs/failure-modes.md).</param>
/// <param name="Reason">Which dependency failed and how.</param>
/// <param name="AgeSeconds">For <c>stale</c>: how old the answer is.</param>
public sealed record Degradation(string Mode, string Reason, double? AgeSeconds = null)
{
    public const string KeywordOnly = "keyword-only";
    public const string SemanticOnly = "semantic-only";
    public const string Stale = "stale";
}
