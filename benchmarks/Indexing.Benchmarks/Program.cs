using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.Indexing.Benchmarks;
using FitnessAssistant.IntegrationTests.Indexing;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;

// Usage: dotnet run -c Release --project benchmarks/Indexing.Benchmarks -- [--sizes 873,50000] [--queries 100]
//        [--catalog path/to/exercises.json] [--m 16] [--ef-construction 128] [--k 10,100]
//        [--no-pipeline] [--freshness-writes 50] [--storage external|plain|main|extended]
//        or: -- --document-text [--qrels dev-qrels.json]   (which text to embed, scored on the dev queries)
//        or: -- --models [--qrels dev-qrels.json]          (the embedding models compared, docs/embedding.md)
var sizes = Argument("--sizes", "873,50000").Split(',').Select(int.Parse).ToList();
var queryCount = int.Parse(Argument("--queries", "100"));
var hnswM = int.Parse(Argument("--m", "16"));
var efConstruction = int.Parse(Argument("--ef-construction", "128"));
var ks = Argument("--k", "10,100").Split(',').Select(int.Parse).ToList();
// How the vector column is stored: pgvector declares EXTERNAL (out of line, uncompressed), so a 512-d vector (2 KB)
// goes to TOAST; PLAIN keeps it in the row. The experiment docs/indexing.md reports ("Benchmarks").
var storage = Argument("--storage", "external").ToUpperInvariant();
if (storage is not ("EXTERNAL" or "PLAIN" or "MAIN" or "EXTENDED"))
{
    Console.Error.WriteLine($"--storage must be external, plain, main or extended, not '{storage.ToLowerInvariant()}'");
    return 2;
}
var catalogPath = Argument("--catalog", Path.Combine(RepositoryLayout.Shared, "data", "free-exercise-db", "exercises.json"));

var qrelsPath = Argument("--qrels", Path.Combine(RepositoryLayout.Shared, "eval", "dev-qrels.json"));
if (args.Contains("--models"))
{
    ModelComparison.Run(catalogPath, qrelsPath);
    return 0;
}
if (Argument("--model-measure", "") is { Length: > 0 } measured)
{
    ModelComparison.Measure(measured, catalogPath, qrelsPath);
    return 0;
}
if (args.Contains("--document-text"))
{
    DocumentTextExperiment.Run(catalogPath, qrelsPath);
    return 0;
}

var catalog = CatalogAttributes.Load(catalogPath);
Console.WriteLine($"# Indexing benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, commit {Git("rev-parse --short HEAD")}, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
Console.WriteLine($"catalog: {catalog.Count} exercises from {catalogPath}");

// The AppHost's PostgreSQL with a database of the benchmark's own beside the services' (the pipeline part starts
// indexing and what it needs; without it, only the server), run by Aspire.Hosting.Testing.
var pipeline = !args.Contains("--no-pipeline");
await using var system = await AppHostRun.CreateAsync("/tmp/fitnessassistant-bench", "--FA_SEARCH_REPLICAS=1");
system.Resource<LocalPostgresResource>("postgres").AddDatabase("vectorbench", ownerRole: "vector_bench").WithExtension("vector");
system.StartOnly(pipeline ? ["indexing", "vectorbench"] : ["vectorbench"]);
await system.StartAsync(TimeSpan.FromMinutes(5), "vectorbench");
IReadOnlyList<VectorRecord>? realRecords = null;
if (pipeline)
{
    await using var serviceIndexSource = NpgsqlDataSource.Create(await system.ConnectionStringAsync("vectordb"));
    realRecords = await PipelineBenchmark.RunAsync(system, new PgVectorIndex(serviceIndexSource, Options.Create(new VectorIndexOptions())), catalogPath,
        int.Parse(Argument("--freshness-writes", "50")));
    // The services stop: the measurements below are of the vector index alone.
    foreach (var service in (string[])["indexing", "metadata", .. system.Instances("embedding")])
    {
        await system.StopAsync(service);
    }
}

// The vector index alone, on a database of its own: given vectors, no services.
await using var dataSource = NpgsqlDataSource.Create(await system.ConnectionStringAsync("vectorbench"));
var defaults = new VectorIndexOptions { HnswM = hnswM, HnswEfConstruction = efConstruction };
Console.WriteLine($"HNSW m = {hnswM}, ef_construction = {efConstruction}, vector storage {storage}; PostgreSQL with fsync off (a throw-away cluster)");
var index = new PgVectorIndex(dataSource, Options.Create(defaults));
await index.EnsureCreatedAsync();

// Every approximate mode runs each query side by side with the exact reference, in one process and one run.
SearchMode[] modes =
[
    new("hnsw, iterative off, ef 200", Index(IterativeScan.Off), 200),
    new("hnsw, relaxed, ef 40", Index(IterativeScan.RelaxedOrder), 40),
    new("hnsw, relaxed, ef 100", Index(IterativeScan.RelaxedOrder), 100),
    new("hnsw, relaxed, ef 200 (default)", index, 200),
    new("hnsw, strict, ef 200", Index(IterativeScan.StrictOrder), 200),
];
(string Name, ExerciseFilters Filter)[] filters =
[
    ("none", ExerciseFilters.Empty),
    ("category = strength", Filters((FacetField.Category, ["strength"]))),
    ("equipment = body only", Filters((FacetField.Equipment, ["body only"]))),
    ("muscles ∋ hamstrings", Filters((FacetField.Muscle, ["hamstrings"]))),
    ("muscles ∋ lower back, level = beginner", Filters((FacetField.Muscle, ["lower back"]), (FacetField.Level, ["beginner"]))),
    ("stretching, foam roll", Filters((FacetField.Category, ["stretching"]), (FacetField.Equipment, ["foam roll"]))),
    ("muscles ∋ neck", Filters((FacetField.Muscle, ["neck"]))),
];

Console.WriteLine();
Console.WriteLine("## The vector index alone: given vectors, no services");
foreach (var size in sizes)
{
    var synthetic = new SyntheticCatalog(catalog.Select(c => c.Attributes).ToList(), seed: size);
    List<VectorRecord> records;
    List<float[]> queries;
    var model = SyntheticCatalog.Model;
    if (size == catalog.Count && realRecords is { Count: > 0 })
    {
        // The real catalog: the vectors the pipeline above stored, and the dev queries embedded by the same model.
        records = [.. realRecords];
        using var encoder = SentenceEncoder.OpenPrepared();
        model = new EmbeddingModel(encoder.Model.Id, encoder.Model.Version);
        var devQueries = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepositoryLayout.Shared, "eval", "dev-rules.json")))
            .RootElement.EnumerateArray().Select(q => q.GetProperty("query").GetString()!).ToList();
        queries = [.. encoder.Embed(devQueries).Select(e => e.Vector)];
        Console.WriteLine();
        Console.WriteLine($"### {records.Count:N0} exercises: real embeddings ({model}) of the catalog, the {queries.Count} dev queries as query vectors");
    }
    else
    {
        records = synthetic.Records(size).ToList();
        queries = Enumerable.Range(0, queryCount).Select(_ => synthetic.Query()).ToList();
        Console.WriteLine();
        Console.WriteLine($"### {size:N0} exercises: synthetic 512-d vectors, attribute-clustered (SyntheticCatalog), attributes drawn from the real catalog");
    }

    // Full index: a new version, bulk upsert in batches, HNSW build + ANALYZE, activation.
    var total = Stopwatch.StartNew();
    var version = await index.CreateVersionAsync(model, SyntheticCatalog.Dimensions, "benchmark");
    if (storage != "EXTERNAL")
    {
        // Before the bulk load: the setting applies to rows written after it.
        await using var alter = dataSource.CreateCommand($"ALTER TABLE vectors_{version.Name} ALTER COLUMN embedding SET STORAGE {storage}");
        await alter.ExecuteNonQueryAsync();
    }
    foreach (var batch in records.Chunk(256))
    {
        await index.UpsertAsync(version.Name, model, batch);
    }
    var load = total.Elapsed;
    await index.SealVersionAsync(version.Name);
    var build = total.Elapsed - load;
    await index.ActivateAsync(version.Name);
    total.Stop();
    Console.WriteLine();
    Console.WriteLine("| full index (vectors given) | time | exercises/s |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| upsert in batches of 256 | {load.TotalSeconds:F1} s | {records.Count / load.TotalSeconds:N0} |");
    Console.WriteLine($"| HNSW build + ANALYZE | {build.TotalSeconds:F1} s | {records.Count / build.TotalSeconds:N0} |");
    Console.WriteLine($"| total (create, load, build, activate) | {total.Elapsed.TotalSeconds:F1} s | {records.Count / total.Elapsed.TotalSeconds:N0} |");

    foreach (var k in ks)
    {
        Console.WriteLine();
        Console.WriteLine($"#### k = {k}: latency (ms, client side, {queries.Count} queries each) and recall@{k} against exact search");
        Console.WriteLine();
        Console.WriteLine($"| filter | matching | mode | p50 | p95 | p99 | recall@{k} | short answers |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (filterName, filter) in filters)
        {
            var matching = records.Count(r => FilterTruth.Matches(r.Attributes, filter));
            var exactLatency = new List<double>();
            var modeLatency = modes.Select(_ => new List<double>()).ToArray();
            var found = new long[modes.Length];
            var shortAnswers = new int[modes.Length];
            long expected = 0;
            // Warm-up: a few rounds so the graph and heap pages are cached for every mode alike.
            foreach (var vector in queries.Take(5))
            {
                await index.SearchAsync(new VectorQuery(vector, k) { Filter = filter, Exact = true });
                foreach (var mode in modes)
                {
                    await mode.Index.SearchAsync(new VectorQuery(vector, k) { Filter = filter, EfSearch = mode.EfSearch });
                }
            }
            foreach (var vector in queries)
            {
                var watch = Stopwatch.StartNew();
                var exact = await index.SearchAsync(new VectorQuery(vector, k) { Filter = filter, Exact = true });
                exactLatency.Add(watch.Elapsed.TotalMilliseconds);
                var truth = exact.Hits.Select(h => h.Id).ToHashSet();
                expected += truth.Count;
                for (var m = 0; m < modes.Length; m++)
                {
                    watch.Restart();
                    var approximate = await modes[m].Index.SearchAsync(new VectorQuery(vector, k) { Filter = filter, EfSearch = modes[m].EfSearch });
                    modeLatency[m].Add(watch.Elapsed.TotalMilliseconds);
                    found[m] += approximate.Hits.Count(h => truth.Contains(h.Id));
                    shortAnswers[m] += approximate.Hits.Count < truth.Count ? 1 : 0;
                }
            }
            Console.WriteLine($"| {filterName} | {matching:N0} ({100.0 * matching / records.Count:F1} %) | exact | {Row(exactLatency)} | 1.000 | 0 |");
            for (var m = 0; m < modes.Length; m++)
            {
                Console.WriteLine($"| | | {modes[m].Name} | {Row(modeLatency[m])} | {(double)found[m] / Math.Max(1, expected):F3} | {shortAnswers[m]} |");
            }
        }
    }
}
return 0;

PgVectorIndex Index(IterativeScan scan)
    => new(dataSource, Options.Create(new VectorIndexOptions { IterativeScan = scan, HnswM = hnswM, HnswEfConstruction = efConstruction }));

static string Row(List<double> latency)
    => $"{Stats.Percentile(latency, 50):F2} | {Stats.Percentile(latency, 95):F2} | {Stats.Percentile(latency, 99):F2}";

static ExerciseFilters Filters(params (FacetField Field, string[] Values)[] values)
    => new(values.Select(v => KeyValuePair.Create(v.Field, (IEnumerable<string>)v.Values)));

string Argument(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

static string Git(string arguments)
{
    try
    {
        using var process = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = RepositoryLayout.Root })!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "?";
    }
}

internal sealed record SearchMode(string Name, PgVectorIndex Index, int EfSearch);
