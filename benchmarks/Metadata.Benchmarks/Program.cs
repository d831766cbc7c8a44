// Catalog read latency on the imported free-exercise-db catalog (873 + starter exercises), against the real
// MetadataService and its PostgreSQL (primary and read replica), started as the AppHost declares them (only the part
// metadata needs) by Aspire.Hosting.Testing. Measured side by side in one run, rounds interleaved so drift on the
// shared machine hits every variant alike:
//   batch get of 50 ids over gRPC (GetExercises)   vs   the same 50 exercises as 50 REST GETs
//   keyword search over gRPC (SearchKeyword)        vs   the same queries over REST (/api/v1/exercises/search)
// Usage: dotnet run -c Release --project benchmarks/Metadata.Benchmarks -- [rounds] [callsPerRound]
using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.Metadata.Benchmarks;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Grpc.Net.Client;

var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;

var catalogFile = Path.Combine(RepositoryLayout.Shared, "data", "free-exercise-db", "exercises.json");
await using var system = await AppHostRun.CreateAsync(Path.Combine(Path.GetTempPath(), "fitnessassistant-bench-metadata"));
system.Resource<ProjectResource>("metadata").WithEnvironment("Logging__LogLevel__Default", "Warning");
system.StartOnly("metadata");
Console.WriteLine("[bench] starting PostgreSQL (primary and read replica), RabbitMQ and MetadataService");
await system.StartAsync(TimeSpan.FromMinutes(5));

// At the service's own port: the http endpoint is behind Aspire's proxy, which is not part of the measured path.
using var http = new HttpClient { BaseAddress = system.TargetEndpoint("metadata"), DefaultRequestHeaders = { Authorization = new("Bearer", system.GatewayCredentials.MintToken("benchmark", ["admin"], TimeSpan.FromHours(12))) } };
Console.WriteLine($"[bench] importing {catalogFile}");
using (var import = await http.PostAsync("/api/v1/admin/imports/free-exercise-db",
           new StringContent(await File.ReadAllTextAsync(catalogFile), Encoding.UTF8, "application/json")))
{
    import.EnsureSuccessStatusCode();
}
await Task.Delay(1000); // the typo lexicon refresh follows the import

using var channel = GrpcChannel.ForAddress(system.Endpoint("metadata", "grpc"), ServiceCredentialOptions.ChannelOptions(system.ServiceCredential));
var client = new MetadataService.MetadataServiceClient(channel);
var all = new List<string>();
for (var cursor = ""; ;)
{
    var page = await client.ListExercisesAsync(new ListExercisesRequest { Cursor = cursor, Limit = 500 });
    all.AddRange(page.Exercises.Select(e => e.Id));
    if ((cursor = page.NextCursor).Length == 0)
    {
        break;
    }
}
Console.WriteLine($"[bench] catalog: {all.Count} exercises");

var random = new Random(42);
var batches = Enumerable.Range(0, 64).Select(_ => all.OrderBy(_ => random.Next()).Take(50).ToList()).ToList();
string[] queries =
[
    "hamstrng strech", "press ups", "dumbell curl", "barbell bench press", "lower back", "kettlebell swings",
    "stretches for the calves", "beginner ab exercises", "box jumps", "shoulder press", "squat", "tricep pushdown",
];
var batch = 0;
var query = 0;
var variants = new (string Name, Func<Task> Call)[]
{
    ("get 50 ids: gRPC GetExercises (1 call)", async () =>
    {
        var ids = batches[batch++ % batches.Count];
        var reply = await client.GetExercisesAsync(new GetExercisesRequest { Ids = { ids } });
        Expect(reply.Exercises.Count == 50, "GetExercises returned fewer than 50");
    }),
    ("get 50 ids: REST GET x50 (sequential)", async () =>
    {
        foreach (var id in batches[batch++ % batches.Count])
        {
            using var response = await http.GetAsync($"/api/v1/exercises/{id}");
            Expect(response.IsSuccessStatusCode, $"GET {id} failed");
            await response.Content.ReadAsByteArrayAsync();
        }
    }),
    ("keyword search: gRPC SearchKeyword", async () =>
    {
        var reply = await client.SearchKeywordAsync(new SearchKeywordRequest { Query = queries[query++ % queries.Length], Limit = 20 });
        Expect(reply.Hits.Count > 0, "no hits");
    }),
    ("keyword search: REST /exercises/search", async () =>
    {
        using var response = await http.GetAsync($"/api/v1/exercises/search?limit=20&q={Uri.EscapeDataString(queries[query++ % queries.Length])}");
        Expect(response.IsSuccessStatusCode, "search failed");
        await response.Content.ReadAsByteArrayAsync();
    }),
};

Console.WriteLine($"[bench] warm-up, then {rounds} rounds of {calls} sequential calls per variant");
foreach (var (_, call) in variants)
{
    await Latency.MeasureAsync(call, 30);
}
var samples = variants.Select(_ => new List<double>()).ToArray();
var medians = variants.Select(_ => new List<double>()).ToArray();
for (var round = 1; round <= rounds; round++)
{
    var order = Enumerable.Range(0, variants.Length).ToArray();
    if (round % 2 == 0)
    {
        Array.Reverse(order);
    }
    foreach (var v in order)
    {
        var round_ = await Latency.MeasureAsync(variants[v].Call, variants[v].Name.Contains("x50") ? Math.Max(10, calls / 10) : calls);
        samples[v].AddRange(round_);
        medians[v].Add(Latency.Percentile(round_, 50));
    }
    Console.WriteLine($"[bench] round {round}/{rounds}: " + string.Join("; ", variants.Select((x, v) => $"{x.Name} p50 {medians[v][^1]:F2} ms")));
}

Console.WriteLine();
Console.WriteLine($"| variant ({all.Count} exercises, {Environment.ProcessorCount} cores) | p50 ms | p95 ms | p99 ms | p50 median of rounds ms |");
Console.WriteLine("|---|---|---|---|---|");
for (var v = 0; v < variants.Length; v++)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {variants[v].Name} | {Latency.Percentile(samples[v], 50):F2} | {Latency.Percentile(samples[v], 95):F2} | {Latency.Percentile(samples[v], 99):F2} | {Latency.Percentile(medians[v], 50):F2} |"));
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"ratio batch gRPC / 50 REST GETs (p50): {Latency.Percentile(medians[0], 50) / Latency.Percentile(medians[1], 50):F3}; " +
    $"keyword gRPC / REST (p50): {Latency.Percentile(medians[2], 50) / Latency.Percentile(medians[3], 50):F2}"));

static void Expect(bool condition, string message)
{
    if (!condition)
    {
        throw new InvalidOperationException(message);
    }
}
