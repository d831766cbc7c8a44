using FitnessAssistant.SearchService.Suggest;

namespace FitnessAssistant.SearchService.Search;

/// <summary>How well the catalog answers a query, so a client can say "nothing matches" instead of showing hits as if they did.</summary>
/// <param name="Level"><c>good</c>; <c>weak</c> (no facet or condition, even the nearest exercise is not close, and only a word
/// shared with some exercise's name connects the query to the catalog); <c>none</c> (not even that).</param>
/// <param name="DidYouMean">For weak and none: completions of the query's words from the suggest index (may be empty).</param>
public sealed record MatchQuality(string Level, IReadOnlyList<Suggestion> DidYouMean)
{
    public const string Good = "good";
    public const string Weak = "weak";
    public const string None = "none";

    public static MatchQuality Confident { get; } = new(Good, []);
}
