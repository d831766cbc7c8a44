using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Related;

/// <summary>
/// Answers a free-text request for substitutes or progressions (<see cref="RelatedRequestReader"/>) as
/// <c>/similar</c> and <c>/progressions</c> do for the exercise it names, with the client's filters and the query's
/// own conditions. When nothing satisfies the conditions they are relaxed, and said so; when the named exercise is
/// gone or has no related exercise at all, the query is searched as any other (null here).
/// </summary>
public sealed class RelatedSearch(RelatedRequestReader reader, RelatedExercises related, IOptionsMonitor<RetrievalOptions> options)
{
    /// <exception cref="DependencyUnavailableException">The metadata service cannot answer.</exception>
    public async Task<SearchOutcome?> TrySearchAsync(ParsedQuery query, ExerciseFilters filters, CancellationToken cancellationToken)
    {
        if (reader.Read(query) is not { } request)
        {
            return null;
        }
        var answer = await AnswerAsync(request, filters.Narrow(request.Filters), cancellationToken);
        var relaxed = false;
        if (answer is { Hits.Count: 0 } && !request.Filters.IsEmpty)
        {
            answer = await AnswerAsync(request, filters, cancellationToken);
            relaxed = true;
        }
        if (answer is not { Hits.Count: > 0 } found)
        {
            return null;
        }
        var hits = found.Hits.Select((h, i) => new RankedHit(h.Exercise, h.Score,
            new HitExplanation([], [], h.SemanticSimilarity, h.SemanticSimilarity is null ? null : i + 1, found.Degraded ? i + 1 : null, Reasons: h.Why))).ToList();
        IReadOnlyList<Degradation> degradations = found.Degraded
            ? [new Degradation(Degradation.KeywordOnly, "semantic search is unavailable: related exercises from keyword search on the name")]
            : [];
        return new SearchOutcome(hits, FacetCounter.Count(hits), degradations, relaxed)
        {
            Related = new RelatedTo(request.Kind, request.Id, request.Name, request.Phrase, request.Conditions),
        };
    }

    private async Task<(IReadOnlyList<RelatedHit> Hits, bool Degraded)?> AnswerAsync(RelatedRequest request, ExerciseFilters filters, CancellationToken cancellationToken)
    {
        var depth = options.CurrentValue.ListDepth;
        var answer = request.Kind == RelatedRequest.Substitutes
            ? await related.SimilarAsync(request.Id, filters, depth, cancellationToken)
            : await related.ProgressionsAsync(request.Id, filters, depth, cancellationToken);
        return answer is null ? null : (request.Kind == RelatedRequest.Harder ? answer.Second : answer.First, answer.Degraded);
    }
}
