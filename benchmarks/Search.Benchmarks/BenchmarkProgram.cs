using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessAssistant.AppHostRuns;
using StackExchange.Redis;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// Usage: dotnet run -c Release --project benchmarks/Search.Benchmarks -- [load|open|evaluate|serve]
///   load (default): p50/p95/p99 and throughput through the gateway for cache hits and misses at concurrency 1
///     and 16, beside the in-process baseline doing the same retrieval, all in one run on one started system; then,
///     with the embedding service stopped, the same through the gateway for keyword-only (degraded) answers.
///   open: SLO-L1, an open loop at a fixed offered rate (default the design peak, 50 req/s, for 60 s), half cached.
///   evaluate [--gateway URL --api-key KEY]: shared/eval/evaluate.py through the gateway on the dev queries, the
///     held-out ones and the constraint queries (Relevance/constraint-rules.json), one figure per class; the dev rules
///     also over every exercise the system serves (the shared judgments cover free-exercise-db only, so a starter
///     exercise ranked in the top ten counts as a miss there). With --gateway, against a system already running
///     (e.g. one started by serve), so several builds or models can be compared without starting one per run.
///   models: per embedding model, a re-index of the catalog with it (timed; it becomes the active version) and
///     evaluate.py through the gateway on the dev queries (docs/embedding.md).
///   suggest: p50/p95/p99 of /api/v1/suggest through the gateway at concurrency 1 and 16, prefixes of real exercise
///     names as they are typed: each prefix the first time (computed) and again (answered from the replica's cache).
///   match: calibrates and checks the weak-match signal: the best semantic similarity and the match level of
///     random letter strings and off-topic questions (must be flagged), of the catalog's own instruction sentences
///     (in-domain text that names no exercise), and of every dev and held-out query (none may be flagged).
///   misses [--searches N] [--offset K] [--cold-embeddings] [--redis CS --vectordb CS --catalogdb CS]: downstream calls (how many, and how
///     many in a row) and CPU per uncached search, through the search service's classes in this process; with the
///     connection strings (printed by serve), against a system already running, so two builds can be compared on one
///     system (disjoint --offset ranges keep every search uncached); --cold-embeddings deletes the cached query vectors
///     before each search.
///   serve: start the system and print its address, API key and connection strings until Ctrl+C.
/// Each mode starts the whole system itself (the AppHost through Aspire.Hosting.Testing, private state directory,
/// free-exercise-db imported).
/// </summary>
internal static class BenchmarkProgram
{
    private static readonly string Shared = RepositoryLayout.Shared;
    private static readonly string Catalog = Path.Combine(Shared, "data", "free-exercise-db", "exercises.json");
    private static readonly string DevQrels = Path.Combine(Shared, "eval", "dev-qrels.json");
    private static readonly string HeldOutRules = Path.Combine(AppContext.BaseDirectory, "Relevance", "heldout-rules.json");
    private static readonly string ConstraintRules = Path.Combine(AppContext.BaseDirectory, "Relevance", "constraint-rules.json");
    private static readonly string RelatedRules = Path.Combine(AppContext.BaseDirectory, "Relevance", "related-rules.json");

    public static async Task<int> Main(string[] args)
    {
        var mode = args.FirstOrDefault() ?? "load";
        if (mode is not ("load" or "open" or "evaluate" or "models" or "suggest" or "match" or "misses" or "serve"))
        {
            Console.Error.WriteLine("usage: Search.Benchmarks [load [--requests-scale N]|open [--rate R] [--seconds S]|evaluate [--gateway URL --api-key KEY]|models|suggest|match|misses [--searches N] [--offset K] [--cold-embeddings] [--redis CS --vectordb CS --catalogdb CS]|serve]");
            return 2;
        }
        double Option(string name, double fallback) => args.SkipWhile(a => a != name).Skip(1).Select(double.Parse).FirstOrDefault(fallback);
        string? Text(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        Console.WriteLine($"# Search benchmark: {mode} ({DateTime.UtcNow:yyyy-MM-dd HH:mm}Z, commit {Git("rev-parse --short HEAD")}, " +
            $"load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}, {Environment.ProcessorCount} cores)");
        if (mode == "evaluate" && Text("--gateway") is { } running)
        {
            return Evaluate(new Uri(running), Text("--api-key") ?? throw new ArgumentException("--gateway needs --api-key"));
        }
        if (mode == "misses" && Text("--redis") is not null)
        {
            return await MissPathRun.RunAsync(name => Text($"--{name}") ?? throw new ArgumentException($"misses needs --{name}"),
                QuerySets.Texts([DevQrels, HeldOutQrels()]), (int)Option("--searches", 200), (int)Option("--offset", 0), args.Contains("--cold-embeddings"));
        }
        await using var system = await RunningSystem.StartAsync(Catalog, message => Console.WriteLine($"[system] {message}"));
        var gateway = system.Gateway;
        var apiKey = system.Credentials.ApiKey;
        return mode switch
        {
            "evaluate" => Evaluate(gateway, apiKey),
            "models" => await EvaluateModelsAsync(system, gateway, apiKey),
            "serve" => await ServeAsync(system, gateway, apiKey),
            "misses" => await MissPathRun.RunAsync(system.ConnectionString, QuerySets.Texts([DevQrels, HeldOutQrels()]),
                (int)Option("--searches", 200), (int)Option("--offset", 0), args.Contains("--cold-embeddings")),
            "suggest" => await SuggestAsync(gateway, apiKey),
            "match" => await MatchAsync(gateway, apiKey),
            "open" => await OpenLoopAsync(gateway, apiKey, Option("--rate", 50), Option("--seconds", 60)),
            _ => await LoadAsync(system, gateway, apiKey, Option("--requests-scale", 1.0)),
        };
    }

    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(7);

    private static async Task<int> LoadAsync(RunningSystem system, Uri gateway, string apiKey, double scale)
    {
        var texts = QuerySets.Texts([DevQrels, HeldOutQrels()]);
        using var client = new GatewaySearchClient(gateway, apiKey);

        int N(int count) => Math.Max(16, (int)(count * scale));
        var cached1 = N(400);
        var cached16 = N(3000);
        var uncached1 = N(200);
        var uncached16 = N(800);

        await WarmUpAsync(texts, client);

        var rows = new List<(string Path, string Scenario, int Concurrency, LoadResult Result)>();
        async Task Measure(string path, string scenario, int concurrency, IReadOnlyList<string> queries, Func<string, Task<RequestOutcome>> send)
        {
            Console.WriteLine($"[load] {path}, {scenario}, concurrency {concurrency}: {queries.Count} requests");
            rows.Add((path, scenario, concurrency, await LoadRun.RunAsync(queries, concurrency, send)));
            // A breaker a row opened (deadlines missed at concurrency 16) stays open 5 s: the next row must not inherit it.
            await Task.Delay(SettleTime);
        }

        await Measure("gateway", "cached", 1, QuerySets.Repeated(texts, cached1), client.SearchAsync);
        await Measure("gateway", "cached", 16, QuerySets.Repeated(texts, cached16), client.SearchAsync);
        await Measure("gateway", "uncached", 1, QuerySets.Unseen(texts, 0, uncached1), client.SearchAsync);
        await Measure("gateway", "uncached", 16, QuerySets.Unseen(texts, uncached1, uncached16), client.SearchAsync);

        Console.WriteLine("[load] in-process baseline: opening the model, the vector index, the catalog and the cache in this process");
        await using (var inProcess = await InProcessSearch.CreateAsync(system.ConnectionString))
        {
            var offset = uncached1 + uncached16;
            await LoadRun.RunAsync(QuerySets.Unseen(texts, 5864, 64), 4, inProcess.SearchAsync);
            await Measure("in-process", "cached", 1, QuerySets.Repeated(texts, cached1), inProcess.SearchAsync);
            await Measure("in-process", "cached", 16, QuerySets.Repeated(texts, cached16), inProcess.SearchAsync);
            await Measure("in-process", "uncached", 1, QuerySets.Unseen(texts, offset, uncached1), inProcess.SearchAsync);
            await Measure("in-process", "uncached", 16, QuerySets.Unseen(texts, offset + uncached1, uncached16), inProcess.SearchAsync);
        }

        // SLO-L6: what a degraded (keyword-only) answer costs. Last, because it stops a service of the running system.
        Console.WriteLine("[load] stopping the embedding service and emptying the cache: uncached searches answer keyword-only");
        foreach (var instance in system.Run.Instances("embedding"))
        {
            await system.Run.StopAsync(instance);
        }
        // Query embeddings are cached by text alone, so without this the texts measured above would still answer hybrid.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(system.ConnectionString("redis") + ",allowAdmin=true"))
        {
            await redis.GetServer(redis.GetEndPoints()[0]).FlushDatabaseAsync();
        }
        var degradedOffset = 2 * (uncached1 + uncached16);
        await Measure("gateway", "embedding down", 1, QuerySets.Unseen(texts, degradedOffset, uncached1), client.SearchAsync);
        await Measure("gateway", "embedding down", 16, QuerySets.Unseen(texts, degradedOffset + uncached1, uncached16), client.SearchAsync);

        Console.WriteLine();
        Console.WriteLine("| path | scenario | concurrency | requests | p50 ms | p95 ms | p99 ms | req/s | cache hits | degraded | not 200 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (path, scenario, concurrency, result) in rows)
        {
            Console.WriteLine($"| {path} | {scenario} | {concurrency} | {result.LatenciesMs.Length} | {result.Percentile(50):F1} | " +
                $"{result.Percentile(95):F1} | {result.Percentile(99):F1} | {result.Throughput:F0} | {result.CachedShare:P0} | " +
                $"{result.DegradedCount} | {result.ErrorSummary} |");
        }
        Console.WriteLine();
        Console.WriteLine("| scenario | concurrency | p50 gateway / in-process | p99 gateway / in-process | throughput in-process / gateway |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (_, scenario, concurrency, gatewayResult) in rows.Where(r => r.Path == "gateway"))
        {
            if (rows.SingleOrDefault(r => r.Path == "in-process" && r.Scenario == scenario && r.Concurrency == concurrency).Result is not { } local)
            {
                continue;
            }
            Console.WriteLine($"| {scenario} | {concurrency} | {gatewayResult.Percentile(50) / local.Percentile(50):F2} x | " +
                $"{gatewayResult.Percentile(99) / local.Percentile(99):F2} x | {local.Throughput / gatewayResult.Throughput:F2} x |");
        }
        Console.WriteLine($"load average at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return rows.Any(r => r.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>
    /// Suggest as people type: every prefix (from 2 characters) of free-exercise-db's names, shuffled with a fixed
    /// seed. "first time" rows send prefixes no request has sent yet (the replica computes the answer); "repeated"
    /// rows send them again (cached on the replica that answered before; the gateway may pick the other one).
    /// </summary>
    private static async Task<int> SuggestAsync(Uri gateway, string apiKey)
    {
        var names = JsonNode.Parse(File.ReadAllText(Catalog))!.AsArray().Select(e => (string)e!["name"]!).ToList();
        var prefixes = names.SelectMany(n => Enumerable.Range(2, Math.Max(0, n.Length - 1)).Select(length => n[..length].TrimEnd()))
            .Where(p => p.Length >= 2).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var random = new Random(17);
        var shuffled = prefixes.OrderBy(_ => random.Next()).Select(p => $"q={Uri.EscapeDataString(p)}&limit=8").ToList();
        Console.WriteLine($"[suggest] {names.Count} names, {prefixes.Count} distinct prefixes");
        using var client = new GatewaySearchClient(gateway, apiKey);

        // The first requests of a fresh process (JIT, connections) are not what a typing user sees.
        var warm = shuffled.Take(200).ToList();
        foreach (var query in warm.Concat(warm))
        {
            await client.SuggestAsync(query);
        }
        var fresh = shuffled.Skip(warm.Count).ToList();
        var rows = new List<(string Scenario, int Concurrency, LoadResult Result)>();
        async Task Measure(string scenario, int concurrency, IReadOnlyList<string> queries)
        {
            Console.WriteLine($"[suggest] {scenario}, concurrency {concurrency}: {queries.Count} requests");
            rows.Add((scenario, concurrency, await LoadRun.RunAsync(queries, concurrency, client.SuggestAsync)));
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        await Measure("first time", 1, fresh.Take(1000).ToList());
        await Measure("first time", 16, fresh.Skip(1000).Take(4000).ToList());
        // Each of these was sent once above, so the replica that answered it has it cached (the other computes it).
        await Measure("repeated", 1, fresh.Take(1000).ToList());
        await Measure("repeated", 16, fresh.Take(5000).ToList());

        Console.WriteLine();
        Console.WriteLine("| scenario | concurrency | requests | p50 ms | p95 ms | p99 ms | req/s | not 200 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var (scenario, concurrency, result) in rows)
        {
            Console.WriteLine($"| {scenario} | {concurrency} | {result.LatenciesMs.Length} | {result.Percentile(50):F2} | " +
                $"{result.Percentile(95):F2} | {result.Percentile(99):F2} | {result.Throughput:F0} | {result.ErrorSummary} |");
        }
        Console.WriteLine($"load average at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return rows.Any(r => r.Result.Errors > 0) ? 1 : 0;
    }

    /// <summary>Questions about things an exercise catalog does not have; written for this calibration, not taken from any query set.</summary>
    private static readonly string[] OffTopic =
    [
        "chocolate cake recipe", "how to file a tax return", "replace a car battery", "best python web framework",
        "weather forecast for tomorrow", "learn to play the violin", "cheap flights to lisbon", "how to knit a scarf",
        "repair a leaking faucet", "history of the roman empire", "train a puppy to sit", "wedding speech ideas",
        "how do vaccines work", "stock market news today", "grow tomatoes on a balcony", "write a cover letter",
        "planets of the solar system", "translate hello into japanese", "sourdough starter feeding", "how to change a tyre",
    ];

    private static async Task<int> MatchAsync(Uri gateway, string apiKey)
    {
        var random = new Random(23);
        var letters = Enumerable.Range(0, 40).Select(_ => new string([.. Enumerable.Range(0, random.Next(5, 12)).Select(_ => (char)('a' + random.Next(26)))])).ToList();
        var catalog = JsonNode.Parse(File.ReadAllText(Catalog))!.AsArray();
        var instructions = catalog.Where((_, i) => i % 9 == 0)
            .Select(e => e!["instructions"]!.AsArray().Select(s => (string)s!).FirstOrDefault())
            .OfType<string>().Select(s => s.Length <= 200 ? s : s[..200]).ToList();
        var dev = QuerySets.Texts([DevQrels, HeldOutQrels()]);

        using var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        async Task<(string Text, double? Best, string Match)> AskAsync(string text)
        {
            // A loaded machine sheds some searches with 503 + Retry-After; the question here is the answer, so ask again.
            HttpResponseMessage response;
            for (var attempt = 1; ; attempt++)
            {
                response = await http.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(text)}&limit=50");
                if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 5)
                {
                    break;
                }
                response.Dispose();
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            using var answered = response.EnsureSuccessStatusCode();
            var body = await answered.Content.ReadFromJsonAsync<JsonElement>();
            var best = body.GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("why").TryGetProperty("semanticSimilarity", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble() : (double?)null)
                .Max();
            return (text, best, body.GetProperty("match").GetString()!);
        }
        var status = 0;
        foreach (var (name, texts, shouldFlag) in new[]
        {
            ("random letters", (IReadOnlyList<string>)letters, true), ("off-topic questions", OffTopic, true),
            ("catalog instruction sentences", instructions, false), ("dev and held-out queries", dev, false),
        })
        {
            var answers = new List<(string Text, double? Best, string Match)>();
            foreach (var text in texts)
            {
                answers.Add(await AskAsync(text));
            }
            var sims = answers.Select(a => a.Best ?? 0).Order().ToArray();
            double At(double p) => sims[(int)Math.Round(p / 100 * (sims.Length - 1))];
            var flagged = answers.Where(a => a.Match != "good").ToList();
            Console.WriteLine();
            Console.WriteLine($"## {name}: {answers.Count} queries; best similarity min {sims[0]:F3}, p5 {At(5):F3}, p50 {At(50):F3}, " +
                $"p95 {At(95):F3}, max {sims[^1]:F3}; flagged {flagged.Count} (weak {flagged.Count(a => a.Match == "weak")}, none {flagged.Count(a => a.Match == "none")})");
            foreach (var (text, best, match) in shouldFlag ? answers.Except(flagged) : flagged)
            {
                Console.WriteLine($"   {(shouldFlag ? "not flagged" : "flagged " + match)}: {text} (best {best:F3})");
            }
            if (!shouldFlag && name.StartsWith("dev", StringComparison.Ordinal) && flagged.Count > 0)
            {
                status = 1;
            }
        }
        return status;
    }

    private static async Task WarmUpAsync(IReadOnlyList<string> texts, GatewaySearchClient client)
    {
        Console.WriteLine($"[warm-up] {texts.Count} queries cached through the gateway, 64 uncached");
        foreach (var query in QuerySets.Repeated(texts, texts.Count * 2))
        {
            await client.SearchAsync(query);
        }
        await LoadRun.RunAsync(QuerySets.Unseen(texts, 5800, 64), 4, client.SearchAsync);
    }

    /// <summary>
    /// SLO-L1: independent users at a fixed offered rate (the design peak by default), half of them repeating a
    /// popular search (cached), half typing one nobody has (uncached), for a fixed time.
    /// </summary>
    private static async Task<int> OpenLoopAsync(Uri gateway, string apiKey, double rate, double seconds)
    {
        var texts = QuerySets.Texts([DevQrels, HeldOutQrels()]);
        using var client = new GatewaySearchClient(gateway, apiKey);
        await WarmUpAsync(texts, client);
        var count = (int)(rate * seconds);
        var cached = QuerySets.Repeated(texts, (count + 1) / 2);
        var uncached = QuerySets.Unseen(texts, 0, count / 2);
        var mixed = Enumerable.Range(0, count).Select(i => (Cached: i % 2 == 0, Query: i % 2 == 0 ? cached[i / 2] : uncached[i / 2])).ToList();
        Console.WriteLine($"[open] {rate} req/s for {seconds} s: {count} requests, every other one uncached");
        var result = await OpenLoopRun.RunAsync(mixed, rate, request => client.SearchAsync(request.Query));

        Console.WriteLine();
        Console.WriteLine("| requests | offered req/s | p50 ms | p95 ms | p99 ms | max ms | cache hits | degraded | not 200 |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var (name, part) in new[] { ("all", result), ("cached half", result.Where(i => mixed[i].Cached)), ("uncached half", result.Where(i => !mixed[i].Cached)) })
        {
            Console.WriteLine($"| {name}: {part.LatenciesMs.Length} | {rate:0} | {part.Percentile(50):F1} | {part.Percentile(95):F1} | " +
                $"{part.Percentile(99):F1} | {part.LatenciesMs.Max():F1} | {part.CachedShare:P0} | {part.DegradedCount} | {part.ErrorSummary} |");
        }
        Console.WriteLine($"load average at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        return result.Errors > 0 ? 1 : 0;
    }

    private static int Evaluate(Uri gateway, string apiKey)
    {
        var status = 0;
        foreach (var (name, qrels) in new[] { ("dev", DevQrels), ("dev, rules over the served catalog", ServedDevQrels()), ("held-out", HeldOutQrels()) }
            .Concat(ConstraintQrels()))
        {
            Console.WriteLine();
            Console.WriteLine($"## {name} queries ({qrels})");
            var url = new Uri(gateway, "/api/v1/search?q={q}&limit=50").ToString().Replace("%7Bq%7D", "{q}");
            status |= Run("python3", [Path.Combine(Shared, "eval", "evaluate.py"), qrels, "--url", url, "--header", $"X-Api-Key: {apiKey}", "--verbose"]);
        }
        return status;
    }

    private static async Task<int> EvaluateModelsAsync(RunningSystem system, Uri gateway, string apiKey)
    {
        using var indexing = new HttpClient { BaseAddress = system.Run.Endpoint("indexing"), Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = new("Bearer", system.AdminToken) } };
        var status = 0;
        foreach (var model in new[] { "use-lite-en@1", "all-minilm-l6-v2@1", "snowflake-arctic-embed-xs@1" })
        {
            using var start = await indexing.PostAsJsonAsync("/api/v1/admin/index/reindex", new { reason = "model benchmark", model });
            start.EnsureSuccessStatusCode();
            var job = $"/api/v1/admin/index/reindex/{(await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()}";
            JsonElement progress;
            do
            {
                await Task.Delay(1000);
                progress = await indexing.GetFromJsonAsync<JsonElement>(job);
            }
            while (!progress.GetProperty("isFinished").GetBoolean());
            var seconds = (progress.GetProperty("finishedAt").GetDateTimeOffset() - progress.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
            Console.WriteLine();
            Console.WriteLine($"## {model}: re-index of the catalog {progress.GetProperty("phase")} in {seconds:F1} s " +
                $"(load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}); dev queries through the gateway");
            await Task.Delay(SettleTime);
            var url = new Uri(gateway, "/api/v1/search?q={q}&limit=50").ToString().Replace("%7Bq%7D", "{q}");
            status |= Run("python3", [Path.Combine(Shared, "eval", "evaluate.py"), DevQrels, "--url", url, "--header", $"X-Api-Key: {apiKey}"]);
        }
        return status;
    }

    private static async Task<int> ServeAsync(RunningSystem system, Uri gateway, string apiKey)
    {
        Console.WriteLine($"gateway {gateway}  X-Api-Key: {apiKey}");
        Console.WriteLine($"misses --redis '{system.ConnectionString("redis")}' --vectordb '{system.ConnectionString("vectordb")}' " +
            $"--catalogdb '{system.ConnectionString("catalogdb")}'");
        Console.WriteLine($"python3 {Path.Combine(Shared, "eval", "evaluate.py")} {DevQrels} --url '{gateway}api/v1/search?q={{q}}&limit=50' --header 'X-Api-Key: {apiKey}' --verbose");
        Console.WriteLine("Ctrl+C stops the system.");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        await stop.Task;
        return 0;
    }

    /// <summary>The held-out judgments, made from the rules by the shared qrels script (never stored: they derive from the catalog).</summary>
    private static string HeldOutQrels() => Qrels(HeldOutRules, "search-heldout");

    /// <summary>
    /// The shared dev rules judged over every exercise the system serves: free-exercise-db and the starter entries it
    /// does not have (Hollow Body Hold, Bird Dog...), which the shared judgments cannot grade.
    /// </summary>
    private static string ServedDevQrels()
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Catalog))!.AsArray();
        var ids = catalog.Select(e => (string)e!["id"]!).ToHashSet(StringComparer.Ordinal);
        var starter = JsonNode.Parse(File.ReadAllText(RepositoryLayout.Project(Path.Combine("MetadataService", "Starter", "starter-catalog.json"))))!.AsArray();
        var served = Path.Combine(Path.GetTempPath(), "search-served-catalog.json");
        File.WriteAllText(served, new JsonArray([.. catalog.Concat(starter.Where(e => !ids.Contains((string)e!["id"]!))).Select(e => e!.DeepClone())]).ToJsonString());
        return Qrels(Path.Combine(Shared, "eval", "dev-rules.json"), "search-dev-served", served);
    }

    /// <summary>
    /// The query classes of issue 17 (negation, owned equipment, exclusions, a named movement with a modifier,
    /// other languages; free-text substitutes and progressions), judged per class so each class's figure stands alone.
    /// </summary>
    private static IEnumerable<(string Name, string Qrels)> ConstraintQrels()
    {
        var rules = new[] { ConstraintRules, RelatedRules }.SelectMany(f => JsonNode.Parse(File.ReadAllText(f))!.AsArray());
        foreach (var group in rules.GroupBy(r => (string)r!["class"]!))
        {
            var rulesPath = Path.Combine(Path.GetTempPath(), $"search-constraint-{group.Key}-rules.json");
            File.WriteAllText(rulesPath, new JsonArray([.. group.Select(r => r!.DeepClone())]).ToJsonString());
            yield return ($"constraint: {group.Key}", Qrels(rulesPath, $"search-constraint-{group.Key}"));
        }
    }

    private static string Qrels(string rulesPath, string name, string? catalog = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{name}-qrels.json");
        var info = new ProcessStartInfo("python3", [Path.Combine(Shared, "eval", "qrels.py"), rulesPath, catalog ?? Catalog]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        File.WriteAllText(path, process.StandardOutput.ReadToEnd());
        process.WaitForExit();
        return path;
    }

    private static int Run(string file, string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments))!;
        process.WaitForExit();
        return process.ExitCode;
    }

    private static string Git(string arguments)
    {
        var info = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = RepositoryLayout.Root };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }
}
