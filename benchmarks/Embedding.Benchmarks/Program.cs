// Embedding speed, one run, same texts everywhere: the TF.js reference in node (tfjs 4.22 CPU backend, the
// published tokenizer and graph), our encoder in process (USE-Lite on ONNX Runtime), and our service over gRPC (the
// AppHost's embedding service alone, started by Aspire.Hosting.Testing: HTTP/2, dynamic batcher). Figures:
// single-query latency p50/p99 and batch-32 throughput, and the ratios against the reference. Texts are exercise names imported from the shared free-exercise-db copy.
// Usage:
//   dotnet run -c Release --project benchmarks/Embedding.Benchmarks -- [singleQueries=300] [batches=20] [rounds=3]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.Embedding.Benchmarks;
using FitnessAssistant.Embedding.V1;
using FitnessAssistant.EmbeddingService.Reference;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

var singleQueries = Argument(0, 200);
var batchCount = Argument(1, 10);
var rounds = Argument(2, 3);
const int BatchSize = 32;

var names = ExerciseNames.Load();
var single = Enumerable.Range(0, singleQueries).Select(i => names[i % names.Count]).ToList();
var batches = Enumerable.Range(0, batchCount)
    .Select(b => Enumerable.Range(0, BatchSize).Select(i => names[(singleQueries + (b * BatchSize) + i) % names.Count]).ToList())
    .ToList();
Console.WriteLine($"[bench] {single.Count} single queries, {batches.Count} batches of {BatchSize} (exercise names); " +
    $"{Environment.ProcessorCount} cores; load average {LoadAverage()}");

// 1. The TF.js reference in node, once (it is slow); its start-up and model load are not timed.
Console.WriteLine("[bench] TF.js reference (node)...");
var reference = JsonDocument.Parse(ReferenceScript.Run("bench", JsonSerializer.Serialize(new { single, batches, warmup = 5 }))).RootElement;
var referenceMeasurement = Measurement.From(
    $"TF.js {reference.GetProperty("tfjs").GetString()} ({reference.GetProperty("backend").GetString()} backend), node",
    reference.GetProperty("singleMs").EnumerateArray().Select(e => e.GetDouble()).ToList(),
    reference.GetProperty("batchMs").EnumerateArray().Select(e => e.GetDouble()).ToList(), BatchSize);

// 2. Ours: in process (the SentenceEncoder other components call) with 2 and 1 ORT threads, and over gRPC (the
// EmbeddingService as its own process on loopback, as search and indexing call it), rounds interleaved so that
// load from the rest of the shared machine hits every mode alike.
using var twoThreads = SentenceEncoder.OpenPrepared(ModelCatalog.UniversalSentenceEncoderLite, new SentenceEncoderOptions { IntraOpThreads = 2 });
using var oneThread = SentenceEncoder.OpenPrepared(ModelCatalog.UniversalSentenceEncoderLite, new SentenceEncoderOptions { IntraOpThreads = 1 });
await using var system = await AppHostRun.CreateAsync(Path.Combine(Path.GetTempPath(), "fitnessassistant-bench-embedding"), "--FA_EMBEDDING_INSTANCES=1");
system.StartOnly("embedding-1");
await system.StartAsync(TimeSpan.FromMinutes(5));
using var channel = GrpcChannel.ForAddress(system.Endpoint("embedding-1", "grpc"), ServiceCredentialOptions.ChannelOptions(system.ServiceCredential));
// The service project generates only the server side; the call is described here as a generated client would.
var embed = new Method<EmbedRequest, EmbedResponse>(MethodType.Unary, "fitness.embedding.v1.EmbeddingService", "Embed",
    Marshallers.Create(m => m.ToByteArray(), EmbedRequest.Parser.ParseFrom), Marshallers.Create(m => m.ToByteArray(), EmbedResponse.Parser.ParseFrom));
var invoker = channel.CreateCallInvoker();
Task<EmbedResponse> Embed(IEnumerable<string> texts)
    => invoker.AsyncUnaryCall(embed, null, new CallOptions(), new EmbedRequest
    {
        Texts = { texts },
        Model = new ModelRef { Id = ModelCatalog.UniversalSentenceEncoderLite.Id, Version = ModelCatalog.UniversalSentenceEncoderLite.Version },
    }).ResponseAsync;

var modes = new Mode[]
{
    new($"ours in process, ORT {SentenceEncoder.RuntimeVersion}, 2 threads",
        text => Task.FromResult(twoThreads.Embed([text])), batch => Task.FromResult(twoThreads.Embed(batch))),
    new($"ours in process, ORT {SentenceEncoder.RuntimeVersion}, 1 thread",
        text => Task.FromResult(oneThread.Embed([text])), batch => Task.FromResult(oneThread.Embed(batch))),
    new("ours over gRPC, one call per batch", text => Embed([text]), batch => Embed(batch)),
    // 32 one-text calls at once: the dynamic batcher coalesces them into shared runs.
    new("ours over gRPC, batch as 32 concurrent one-text calls", text => Embed([text]), batch => Task.WhenAll(batch.Select(text => Embed([text])))),
};
foreach (var mode in modes)
{
    for (var i = 0; i < 10; i++)
    {
        await mode.Single(single[i]);
        await mode.Batch(batches[i % batches.Count]);
    }
}
for (var round = 1; round <= rounds; round++)
{
    var order = round % 2 == 1 ? modes : modes.Reverse().ToArray();
    foreach (var mode in order)
    {
        mode.SingleMs.AddRange(await TimeAsync(single, mode.Single));
        mode.BatchMs.AddRange(await TimeAsync(batches, mode.Batch));
    }
    Console.WriteLine($"[bench] round {round}/{rounds} done; load average {LoadAverage()}");
}
await system.StopAsync("embedding-1");

Report([referenceMeasurement, .. modes.Select(mode => Measurement.From(mode.Name, mode.SingleMs, mode.BatchMs, BatchSize))]);
Console.WriteLine($"[bench] load average at the end {LoadAverage()}");
return 0;

static void Report(IReadOnlyList<Measurement> results)
{
    var reference = results[0];
    Console.WriteLine();
    Console.WriteLine("| mode | single p50 ms | single p99 ms | batch-32 p50 ms | batch-32 texts/s | p50 vs TF.js | texts/s vs TF.js |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var m in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {m.Name} | {m.SingleP50:F2} | {m.SingleP99:F2} | {m.BatchP50:F1} | {m.TextsPerSecond:F0} | {reference.SingleP50 / m.SingleP50:F1}x faster | {m.TextsPerSecond / reference.TextsPerSecond:F1}x |"));
    }
}

static async Task<List<double>> TimeAsync<T>(IEnumerable<T> items, Func<T, Task> run)
{
    var samples = new List<double>();
    foreach (var item in items)
    {
        var start = Stopwatch.GetTimestamp();
        await run(item);
        samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
    return samples;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Argument(int index, int fallback)
    => args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var value) ? value : fallback;
