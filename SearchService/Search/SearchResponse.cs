using System.Text.Json.Serialization;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>One page of search results with how the query was read.</summary>
/// <param name="Total">How many results the search has in all (pages end there).</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; absent on the last page.</param>
/// <param name="Facets">Per filter field, each value with the number of results carrying it.</param>
/// <param name="Cache"><c>hit</c>, <c>miss</c>, <c>stale</c> (last good answer, a dependency is down) or <c>unavailable</c> (cache unreachable).</param>
/// <param name="Cached">Whether the results came from the cache.</param>
/// <param name="Degraded">Whether the answer is less than complete (see <paramref name="Degradation"/>).</param>
/// <param name="Degradation">Each reason: mode <c>keyword-only</c>, <c>semantic-only</c> or <c>stale</c> (with its age), and the cause.</param>
/// <param name="Match"><c>good</c>, or <c>weak</c> / <c>none</c> when nothing in the query names anything the catalog has and even the
/// closest exercises are loosely related / unrelated: the results are then the nearest the catalog has, not answers.</param>
/// <param name="DidYouMean">For a weak or no match: exercise names, muscles and equipment the query's words may have meant.</param>
public sealed record SearchResponse(
    QueryInterpretation Query,
    IReadOnlyList<SearchHit> Results,
    int Total,
    int Limit,
    string? NextCursor,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    string Cache,
    bool Cached,
    bool Degraded,
    IReadOnlyList<Degradation> Degradation,
    string Match,
    IReadOnlyList<FitnessAssistant.SearchService.Suggest.Suggestion> DidYouMean);

/// <summary>One result: the exercise's facts, its score and why it matched.</summary>
public sealed record SearchHit : ExerciseFacts
{
    public SearchHit(ExerciseFacts exercise, double score, HitExplanation why)
        : base(exercise)
    {
        Score = score;
        Why = why;
    }

    // After the exercise's facts in the JSON, where the published documents have them.
    [JsonPropertyOrder(1)]
    public double Score { get; init; }

    /// <summary>Why it matched: query words in its name, facets and filters it has, semantic similarity.</summary>
    [JsonPropertyOrder(1)]
    public HitExplanation Why { get; init; }
}

/// <summary>How the query was read.</summary>
/// <param name="Text">Normalised, corrected and rewritten text.</param>
/// <param name="Terms">Content words searched for.</param>
/// <param name="Recognized">Facets the query names; they boost results that have them and never exclude any.</param>
/// <param name="Filters">The client's filters, as canonical values.</param>
/// <param name="Constraints">Conditions the query states (negations, the equipment someone has, reasons), each applied as a filter, or relaxed.</param>
/// <param name="ConstraintsRelaxed">Nothing satisfied every condition, so the results ignore them (rather than being empty).</param>
/// <param name="Related">Set when the query asks for substitutes, easier or harder variants of an exercise it names: the results are those of
/// <c>/similar</c> or <c>/progressions</c> for it, with the query's other conditions.</param>
/// <param name="Language">The language detected when the query was not in English (de, es, fr, it, pt); its words were read as their English forms (see text).</param>
public sealed record QueryInterpretation(
    string Q,
    string Text,
    IReadOnlyList<SpellingCorrection> Corrections,
    IReadOnlyList<string> Terms,
    IReadOnlyList<InterpretedFacet> Recognized,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Filters,
    IReadOnlyList<InterpretedConstraint> Constraints,
    bool ConstraintsRelaxed,
    string? Language = null,
    RelatedTo? Related = null);

/// <summary>A condition the query states and what was done with it.</summary>
/// <param name="Kind"><c>exclude</c> (results lack these values), <c>only</c> (results have one of them), <c>exclude-name</c> (no result's name has these words) or <c>require-name</c>.</param>
/// <param name="Phrase">The words of the query that stated it.</param>
/// <param name="Field">The facet, for <c>exclude</c> and <c>only</c>.</param>
/// <param name="Values">Facet values, or name words.</param>
/// <param name="Reason">The reason the query gave, when it gave one ("quiet or low impact: no jumping").</param>
/// <param name="AppliedAs"><c>filter</c>, or <c>relaxed</c> when nothing satisfied the query's conditions.</param>
public sealed record InterpretedConstraint(string Kind, string Phrase, string? Field, IReadOnlyList<string> Values, string? Reason, string AppliedAs);

/// <param name="AppliedAs">Always <c>boost</c>: a recognised facet ranks results that have it higher.</param>
public sealed record InterpretedFacet(string Field, string Phrase, IReadOnlyList<string> Values, string AppliedAs);
