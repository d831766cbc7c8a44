using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.IndexingService.Documents;

namespace FitnessAssistant.Indexing.Benchmarks;

/// <summary>
/// The embedding models side by side, in one run, each in a process of its own (so load time and resident memory are
/// its own): model load, single-query encode p50/p99 (dev queries, with the query prefix), batch-32 throughput and the
/// time to embed the whole catalog (card texts as the index composes them), and vector-only relevance on the dev
/// queries (exact cosine over the catalog, top 50, nDCG@10 as /work/shared/eval/evaluate.py computes it).
/// </summary>
internal static class ModelComparison
{
    public static void Run(string catalogPath, string qrelsPath)
    {
        Console.WriteLine("| model | load | RSS after load | RSS after catalog | query p50 | query p99 | batch-32 texts/s | catalog embed | vector-only nDCG@10 | MRR |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var model in ModelCatalog.All)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!, [.. Environment.GetCommandLineArgs().Skip(1).Where(a => a != "--models"),
                "--model-measure", $"{model.Id}@{model.Version}", "--catalog", catalogPath, "--qrels", qrelsPath])
            {
                RedirectStandardOutput = true,
            };
            if (Environment.GetCommandLineArgs()[0].EndsWith(".dll", StringComparison.Ordinal))
            {
                start.ArgumentList.Insert(0, Environment.GetCommandLineArgs()[0]);
            }
            using var child = Process.Start(start)!;
            var output = child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            foreach (var line in output.Split('\n').Where(l => l.StartsWith('|')))
            {
                Console.WriteLine(line);
            }
        }
    }

    /// <summary>One model, in this process; prints its table rows.</summary>
    public static void Measure(string model, string catalogPath, string qrelsPath)
    {
        var definition = ModelCatalog.All.Single(m => $"{m.Id}@{m.Version}" == model);
        var exercises = DocumentTextExperiment.LoadCatalog(catalogPath);
        var qrels = JsonSerializer.Deserialize<List<DocumentTextExperiment.Judged>>(File.ReadAllText(qrelsPath), JsonSerializerOptions.Web)!;
        var documents = exercises.Select(ExerciseDocument.Text).ToList();

        var watch = Stopwatch.StartNew();
        using var encoder = SentenceEncoder.OpenPrepared(definition);
        var loadMs = watch.Elapsed.TotalMilliseconds;
        var rssLoaded = ResidentMegabytes();

        watch.Restart();
        var vectors = documents.Chunk(32).SelectMany(chunk => encoder.Embed(chunk)).Select(e => e.Vector).ToList();
        var catalogSeconds = watch.Elapsed.TotalSeconds;
        var rssAfter = ResidentMegabytes();

        var batchMs = new List<double>();
        foreach (var chunk in documents.Chunk(32).Where(c => c.Length == 32).Take(10))
        {
            watch.Restart();
            encoder.Embed(chunk);
            batchMs.Add(watch.Elapsed.TotalMilliseconds);
        }

        var purposes = definition.QueryPrefix.Length > 0 ? new[] { TextPurpose.Query, TextPurpose.Document } : [TextPurpose.Query];
        foreach (var purpose in purposes)
        {
            var singleMs = new List<double>();
            var queries = new List<float[]>();
            foreach (var query in qrels.Select(q => q.Query).Concat(qrels.Select(q => q.Query)))
            {
                watch.Restart();
                var vector = encoder.Embed([query], purpose)[0].Vector;
                singleMs.Add(watch.Elapsed.TotalMilliseconds);
                if (queries.Count < qrels.Count)
                {
                    queries.Add(vector);
                }
            }
            singleMs = [.. singleMs.Skip(qrels.Count).Order()]; // the first pass warms up
            double ndcg = 0, mrr = 0;
            for (var q = 0; q < qrels.Count; q++)
            {
                var ranked = vectors.Select((v, i) => (Score: DocumentTextExperiment.Dot(v, queries[q]), exercises[i].Id))
                    .OrderByDescending(x => x.Score).Select(x => x.Id).Take(50).ToList();
                var (n, _, m) = DocumentTextExperiment.Metrics(ranked, qrels[q].Relevant);
                ndcg += n;
                mrr += m;
            }
            var name = purpose == TextPurpose.Document && definition.QueryPrefix.Length > 0 ? $"{model} (queries without prefix)" : model;
            Console.WriteLine($"| {name} | {loadMs:F0} ms | {rssLoaded:F0} MB | {rssAfter:F0} MB | {Percentile(singleMs, 0.5):F1} ms | {Percentile(singleMs, 0.99):F1} ms | " +
                $"{32 * batchMs.Count / (batchMs.Sum() / 1000):F0} | {catalogSeconds:F1} s | {ndcg / qrels.Count:F3} | {mrr / qrels.Count:F3} |");
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    private static double ResidentMegabytes()
        => File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024).Single();
}
