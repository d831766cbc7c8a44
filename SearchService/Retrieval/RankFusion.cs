namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>One retrieval list: ids best first with the engine's scores, and its weight in fusion.</summary>
public sealed record RetrievalList(string Name, RetrievalKind Kind, double Weight, IReadOnlyList<(string Id, double Score)> Hits);

public enum RetrievalKind
{
    Semantic,
    Keyword,
}

/// <summary>A candidate after fusion: its fused score and where each list ranked it.</summary>
public sealed record FusedCandidate(string Id, double Score, int? SemanticRank, double? Similarity, int? KeywordRank);

/// <summary>Merges several ranked lists into one (reciprocal rank fusion or weighted scores).</summary>
public static class RankFusion
{
    public static IReadOnlyList<FusedCandidate> Fuse(IEnumerable<RetrievalList> lists, FusionMethod method, int rrfK)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var semanticRank = new Dictionary<string, int>(StringComparer.Ordinal);
        var similarity = new Dictionary<string, double>(StringComparer.Ordinal);
        var keywordRank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            var best = list.Hits.Count == 0 ? 0 : list.Hits.Max(h => h.Score);
            var worst = list.Hits.Count == 0 ? 0 : list.Hits.Min(h => h.Score);
            for (var index = 0; index < list.Hits.Count; index++)
            {
                var (id, score) = list.Hits[index];
                var rank = index + 1;
                var contribution = method switch
                {
                    FusionMethod.Rrf => list.Weight / (rrfK + rank),
                    _ => list.Weight * Scale(score, worst, best, list.Kind),
                };
                scores[id] = scores.GetValueOrDefault(id) + contribution;
                // Ranks are reported from the first list of each kind that has the id (the broad one comes first).
                if (list.Kind == RetrievalKind.Semantic)
                {
                    semanticRank.TryAdd(id, rank);
                    similarity.TryAdd(id, score);
                }
                else
                {
                    keywordRank.TryAdd(id, rank);
                }
            }
        }
        return scores
            .Select(p => new FusedCandidate(
                p.Key,
                p.Value,
                semanticRank.TryGetValue(p.Key, out var s) ? s : null,
                similarity.TryGetValue(p.Key, out var sim) ? sim : null,
                keywordRank.TryGetValue(p.Key, out var k) ? k : null))
            .OrderByDescending(c => c.Score)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Keyword scores are scaled by the list's best (0 stays "no match"); cosine similarities between the list's
    /// worst and best, because a k-NN list always returns k hits and its floor says nothing about relevance.
    /// </summary>
    private static double Scale(double score, double worst, double best, RetrievalKind kind)
    {
        if (kind == RetrievalKind.Keyword)
        {
            return best > 0 ? Math.Max(0, score) / best : 0;
        }
        return best > worst ? (score - worst) / (best - worst) : 1;
    }
}
