using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;

namespace FitnessAssistant.SearchService.Search;

/// <summary>Cuts the requested page out of a search answer and shapes the public response.</summary>
public static class SearchResponseMapper
{
    public const string AppliedAsBoost = "boost";

    public static SearchResponse ToResponse(ValidatedSearch search, SearchAnswer answer)
    {
        var hits = answer.Outcome.Hits;
        var page = hits.Skip(search.Offset).Take(search.Limit).Select(ToHit).ToList();
        var next = search.Offset + search.Limit;
        var query = search.Query;
        return new SearchResponse(
            new QueryInterpretation(
                query.Original,
                query.Text,
                query.Corrections,
                query.Terms,
                [.. query.Facets.Select(f => new InterpretedFacet(f.Field.ParameterName(), f.Phrase, f.Values, AppliedAsBoost))],
                search.Filters.ToDictionary(),
                [.. query.Constraints.Select(c => ToConstraint(c, answer.Outcome.ConstraintsRelaxed))],
                answer.Outcome.ConstraintsRelaxed,
                query.Language,
                answer.Outcome.Related),
            page,
            hits.Count,
            search.Limit,
            next < hits.Count ? SearchPageCursor.Encode(next, search.Fingerprint) : null,
            answer.Outcome.Facets,
            answer.Cache.ToString().ToLowerInvariant(),
            answer.Cache is CacheStatus.Hit or CacheStatus.Stale,
            answer.Degradations.Count > 0,
            answer.Degradations,
            answer.Match.Level,
            answer.Match.DidYouMean);
    }

    private static InterpretedConstraint ToConstraint(QueryConstraint constraint, bool relaxed)
        => new(
            constraint.Kind switch
            {
                ConstraintKind.ExcludeValues => "exclude",
                ConstraintKind.OnlyValues => "only",
                ConstraintKind.ExcludeNames => "exclude-name",
                _ => "require-name",
            },
            constraint.Phrase,
            constraint.Field?.ParameterName(),
            constraint.Values,
            constraint.Reason,
            relaxed ? "relaxed" : "filter");

    private static SearchHit ToHit(RankedHit hit) => new(hit.Exercise, hit.Score, hit.Why);
}
