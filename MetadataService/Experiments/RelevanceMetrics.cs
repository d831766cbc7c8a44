namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>One query's scores: the shared <c>evaluate.py</c>'s four, and whether the search found nothing.</summary>
public sealed record QueryScores(double Ndcg10, double Precision10, double ReciprocalRank, double Recall50, bool ZeroResults);

/// <summary>Means over a query set; <see cref="ZeroResultRate"/> is the share of queries that found nothing.</summary>
public sealed record MeanScores(int Queries, double Ndcg10, double Precision10, double Mrr, double Recall50, double ZeroResultRate);

/// <summary>
/// The relevance metrics exactly as the shared <c>evaluate.py</c> defines them, so a score computed here equals the
/// script's: nDCG@10 with gain 2^grade - 1 against the ideal order of the judged grades (0 when nothing is relevant),
/// P@10 over 10 whatever the ranking's length, MRR over the whole ranking, Recall@50 of the grade-2 items or, when
/// none has grade 2, of every relevant item. Where the script divides by zero (Recall@50 of a query with no
/// relevant item, nDCG of one judged only with grade 0) the score here is 0.
/// </summary>
public static class RelevanceMetrics
{
    public const int CutOff = 10;
    public const int RecallDepth = 50;

    public static QueryScores Score(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> relevant)
    {
        var top = ranked.Take(CutOff).ToList();
        var gains = top.Select(id => relevant.GetValueOrDefault(id)).ToList();
        var idealDcg = Dcg([.. relevant.Values.OrderDescending().Take(CutOff)]);
        var ndcg = idealDcg > 0 ? Dcg(gains) / idealDcg : 0.0;
        var precision = gains.Count(g => g > 0) / (double)CutOff;

        var reciprocalRank = 0.0;
        for (var i = 0; i < ranked.Count; i++)
        {
            if (relevant.GetValueOrDefault(ranked[i]) > 0)
            {
                reciprocalRank = 1.0 / (i + 1);
                break;
            }
        }

        var wanted = relevant.Where(r => r.Value == 2).Select(r => r.Key).ToHashSet();
        if (wanted.Count == 0)
        {
            wanted = [.. relevant.Keys];
        }
        var recall = wanted.Count == 0 ? 0.0 : ranked.Take(RecallDepth).Distinct().Count(wanted.Contains) / (double)wanted.Count;
        return new QueryScores(ndcg, precision, reciprocalRank, recall, ranked.Count == 0);
    }

    public static MeanScores Mean(IReadOnlyCollection<QueryScores> scores)
    {
        if (scores.Count == 0)
        {
            return new MeanScores(0, 0, 0, 0, 0, 0);
        }
        return new MeanScores(scores.Count, scores.Average(s => s.Ndcg10), scores.Average(s => s.Precision10),
            scores.Average(s => s.ReciprocalRank), scores.Average(s => s.Recall50), scores.Average(s => s.ZeroResults ? 1.0 : 0.0));
    }

    // Summed in rank order, as the script does, so the floating-point result is the same to the last bit.
    private static double Dcg(IReadOnlyList<int> gains)
    {
        var sum = 0.0;
        for (var i = 0; i < gains.Count; i++)
        {
            sum += (Math.Pow(2, gains[i]) - 1) / Math.Log2(i + 2);
        }
        return sum;
    }
}
