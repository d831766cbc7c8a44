using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Documents;

namespace FitnessAssistant.Indexing.Benchmarks;

/// <summary>
/// Which text to embed per exercise, decided by measurement: each candidate text is embedded for the whole catalog
/// with the real encoder (in process), the dev queries are embedded too, and pure vector retrieval (exact cosine)
/// is scored against the graded judgments (nDCG@10 and MRR, as /work/shared/eval/evaluate.py computes them).
/// </summary>
internal static class DocumentTextExperiment
{
    public static void Run(string catalogPath, string qrelsPath)
    {
        var exercises = LoadCatalog(catalogPath);
        var qrels = JsonSerializer.Deserialize<List<Judged>>(File.ReadAllText(qrelsPath), JsonSerializerOptions.Web)!;
        using var encoder = SentenceEncoder.OpenPrepared();
        Console.WriteLine($"# Document text experiment: {exercises.Count} exercises, {qrels.Count} dev queries, model {encoder.Model.Id}@{encoder.Model.Version} (max {encoder.MaxTokens} tokens)");
        Console.WriteLine();
        Console.WriteLine("| text | nDCG@10 | MRR | P@10 | mean tokens | truncated | embed exercises/s |");
        Console.WriteLine("|---|---|---|---|---|---|---|");

        var queries = encoder.Embed(qrels.Select(q => q.Query).ToList(), TextPurpose.Query).Select(e => e.Vector).ToList();
        (string Name, Func<CatalogExercise, string> Text)[] candidates =
        [
            ("name only", e => e.Name),
            ("name + muscles + equipment (keywords)", e => $"{e.Name} {string.Join(' ', e.PrimaryMuscles)} {string.Join(' ', e.SecondaryMuscles)} {e.Equipment} {e.Category}"),
            ($"card ({ExerciseDocument.Format}, the chosen one)", ExerciseDocument.Text),
            ("card without level and movement", e => Facts(e, level: false, natural: false)),
            ("card with natural category phrasing", e => Facts(e, level: true, natural: true)),
            ("card + first instruction (card-v1)", e => ExerciseDocument.Text(e) + " " + e.Instructions.FirstOrDefault()),
            ("card + all instructions", e => ExerciseDocument.Text(e) + " " + string.Join(' ', e.Instructions)),
            ("name + all instructions", e => e.Name + ". " + string.Join(' ', e.Instructions)),
        ];
        foreach (var (name, text) in candidates)
        {
            var texts = exercises.Select(text).ToList();
            var watch = Stopwatch.StartNew();
            var (vectors, tokens, truncated) = Embed(encoder, texts);
            var rate = texts.Count / watch.Elapsed.TotalSeconds;
            double ndcg = 0, mrr = 0, precision = 0;
            for (var q = 0; q < qrels.Count; q++)
            {
                var ranked = vectors.Select((v, i) => (Score: Dot(v, queries[q]), exercises[i].Id))
                    .OrderByDescending(x => x.Score).Select(x => x.Id).Take(50).ToList();
                var (n, p, m) = Metrics(ranked, qrels[q].Relevant);
                ndcg += n;
                precision += p;
                mrr += m;
            }
            Console.WriteLine($"| {name} | {ndcg / qrels.Count:F3} | {mrr / qrels.Count:F3} | {precision / qrels.Count:F3} | {tokens:F0} | {truncated} | {rate:F0} |");
        }
    }

    private static string Facts(CatalogExercise e, bool level, bool natural)
    {
        var muscles = string.Join(" and ", e.PrimaryMuscles);
        var kind = !natural ? $"{e.Category} exercise for the {muscles}" : e.Category switch
        {
            "stretching" => $"a stretch for the {muscles}",
            "plyometrics" => $"a plyometric jump exercise for the {muscles}",
            "cardio" => $"a cardio exercise for the {muscles}",
            "olympic weightlifting" => $"an olympic lift for the {muscles}",
            "powerlifting" => $"a powerlifting exercise for the {muscles}",
            "strongman" => $"a strongman exercise for the {muscles}",
            _ => $"a strength exercise for the {muscles}",
        };
        var text = $"{e.Name}. {kind}";
        if (e.SecondaryMuscles.Count > 0)
        {
            text += $", also working the {string.Join(" and ", e.SecondaryMuscles)}";
        }
        text += e.Equipment is null or "body only" ? ". No equipment, body weight only." : $". Equipment: {e.Equipment}.";
        if (level)
        {
            text += $" {e.Level} level.";
        }
        return text;
    }

    private static (IReadOnlyList<float[]> Vectors, double MeanTokens, int Truncated) Embed(SentenceEncoder encoder, IReadOnlyList<string> texts)
    {
        var vectors = new List<float[]>();
        double tokens = 0;
        var truncated = 0;
        foreach (var chunk in texts.Chunk(32))
        {
            foreach (var embedding in encoder.Embed(chunk))
            {
                vectors.Add(embedding.Vector);
                tokens += embedding.TokenCount;
                truncated += embedding.Truncated ? 1 : 0;
            }
        }
        return (vectors, tokens / texts.Count, truncated);
    }

    internal static (double Ndcg, double Precision, double Mrr) Metrics(List<string> ranked, Dictionary<string, int> relevant)
    {
        static double Dcg(IEnumerable<int> gains) => gains.Select((g, i) => (Math.Pow(2, g) - 1) / Math.Log2(i + 2)).Sum();
        var gains = ranked.Take(10).Select(id => relevant.GetValueOrDefault(id)).ToList();
        var ideal = Dcg(relevant.Values.OrderDescending().Take(10));
        var ndcg = ideal == 0 ? 0 : Dcg(gains) / ideal;
        var precision = gains.Count(g => g > 0) / 10.0;
        var first = ranked.FindIndex(id => relevant.GetValueOrDefault(id) > 0);
        return (ndcg, precision, first < 0 ? 0 : 1.0 / (first + 1));
    }

    internal static double Dot(float[] a, float[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    internal static List<CatalogExercise> LoadCatalog(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().Select(e => new CatalogExercise(
            e.GetProperty("id").GetString()!,
            e.GetProperty("name").GetString()!,
            [],
            null,
            e.GetProperty("instructions").EnumerateArray().Select(i => i.GetString()!).ToList(),
            e.GetProperty("category").GetString()!,
            e.GetProperty("level").GetString()!,
            Optional(e, "force"),
            Optional(e, "mechanic"),
            Optional(e, "equipment"),
            e.GetProperty("primaryMuscles").EnumerateArray().Select(i => i.GetString()!).ToList(),
            e.GetProperty("secondaryMuscles").EnumerateArray().Select(i => i.GetString()!).ToList(),
            1)).ToList();
    }

    private static string? Optional(JsonElement e, string name)
        => e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal sealed record Judged(string Query, Dictionary<string, int> Relevant);
}
