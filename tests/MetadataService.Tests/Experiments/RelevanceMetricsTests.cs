using System.Text.Json;
using FitnessAssistant.MetadataService.Experiments;

namespace FitnessAssistant.MetadataService.Tests.Experiments;

/// <summary>The metrics equal the shared evaluate.py's <c>metrics</c> function on generated rankings.</summary>
public sealed class RelevanceMetricsTests
{
    private const string Script = """
        import json, sys
        sys.path.insert(0, sys.argv[1])
        from evaluate import metrics
        cases = json.load(sys.stdin)
        json.dump([list(metrics(c["ranked"], c["relevant"])) for c in cases], sys.stdout)
        """;

    [Fact]
    public void Scores_equal_evaluate_py_on_generated_rankings()
    {
        var random = new Random(20261205);
        var cases = new List<(List<string> Ranked, Dictionary<string, int> Relevant)>();
        for (var n = 0; n < 600; n++)
        {
            // A small id space makes hits, misses, duplicates in the ranking and judged items never retrieved all common.
            var space = random.Next(5, 120);
            var ranked = Enumerable.Range(0, random.Next(0, 70)).Select(_ => $"e{random.Next(space)}").ToList();
            var relevant = new Dictionary<string, int>();
            var judged = n % 7 == 0 ? 1 : random.Next(1, 40);
            for (var j = 0; j < judged; j++)
            {
                // Some sets have no grade 2 at all: Recall@50 then counts every relevant item.
                relevant[$"e{random.Next(space)}"] = n % 3 == 0 ? 1 : random.Next(1, 3);
            }
            cases.Add((ranked, relevant));
        }
        var input = JsonSerializer.Serialize(cases.Select(c => new { ranked = c.Ranked, relevant = c.Relevant }));

        var expected = JsonSerializer.Deserialize<double[][]>(SharedEval.Python(["-c", Script, SharedEval.Folder], input))!;

        expected.Should().HaveCount(cases.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var scores = RelevanceMetrics.Score(cases[i].Ranked, cases[i].Relevant);
            double[] actual = [scores.Ndcg10, scores.Precision10, scores.ReciprocalRank, scores.Recall50];
            for (var m = 0; m < 4; m++)
            {
                actual[m].Should().BeApproximately(expected[i][m], 1e-12, $"metric {m} of case {i}");
            }
        }
        expected.Select(e => e[0]).Distinct().Count().Should().BeGreaterThan(100, "the cases cover many different scores");
    }

    [Fact]
    public void A_query_without_relevant_items_scores_zero_and_an_empty_ranking_counts_as_zero_results()
    {
        var nothingRelevant = RelevanceMetrics.Score(["a", "b"], new Dictionary<string, int>());
        nothingRelevant.Should().Be(new QueryScores(0, 0, 0, 0, ZeroResults: false));

        var empty = RelevanceMetrics.Score([], new Dictionary<string, int> { ["a"] = 2 });
        empty.ZeroResults.Should().BeTrue();

        var mean = RelevanceMetrics.Mean([empty, RelevanceMetrics.Score(["a"], new Dictionary<string, int> { ["a"] = 2 })]);
        mean.Should().Be(new MeanScores(2, 0.5, 0.05, 0.5, 0.5, 0.5));
    }
}
