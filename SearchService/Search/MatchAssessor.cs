using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Suggest;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// Decides <see cref="MatchQuality"/> from two kinds of evidence that do not depend on how any test query is worded:
/// whether the query names something in the catalog (a recognised facet or condition, or a word of an exercise's
/// name or alias, muscle or equipment, compared as stems), and how close the nearest exercise is semantically
/// (<see cref="MatchOptions.MinSimilarity"/>, calibrated on the catalog). Facets or conditions, or a close nearest
/// exercise, make a good match; otherwise a query sharing a word with some name matches weakly (a coincidence such
/// as "car" in "replace a car battery") and one sharing none matches nothing.
/// </summary>
public sealed class MatchAssessor(SuggestIndexProvider suggestions, IOptions<MatchOptions> options)
{
    private const int DidYouMeanCount = 5;

    public MatchQuality Assess(ParsedQuery query, SearchOutcome outcome)
    {
        // A request for exercises related to one it names was resolved against the catalog's names; its hits' similarities
        // are to that exercise, not to the query.
        if (query.Facets.Count > 0 || query.Constraints.Count > 0 || outcome.Related is not null)
        {
            return MatchQuality.Confident;
        }
        var index = suggestions.Current;
        var named = query.Terms.SelectMany(t => t.Split(' ')).Any(index.Knows);
        var best = outcome.Hits.Select(h => h.Why.SemanticSimilarity).Max();
        var level = best switch
        {
            // Without semantic search (degraded) only the words and the keyword hits can say anything.
            null => named ? MatchQuality.Good : outcome.Hits.Count > 0 ? MatchQuality.Weak : MatchQuality.None,
            var similarity when similarity >= options.Value.MinSimilarity => MatchQuality.Good,
            _ => named ? MatchQuality.Weak : MatchQuality.None,
        };
        return level == MatchQuality.Good ? MatchQuality.Confident : new MatchQuality(level, DidYouMean(index, query.Original));
    }

    /// <summary>What each longer word of the query may have meant, the best completions of each first.</summary>
    private static IReadOnlyList<Suggestion> DidYouMean(SuggestIndex index, string text)
        => [.. TextNormalizer.Tokenize(text).Where(w => w.Length >= 4)
            .SelectMany(w => index.Suggest(w, 2))
            .DistinctBy(s => (s.Kind, s.Id ?? s.Text))
            .Take(DidYouMeanCount)];
}
