using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.VectorIndex;
using StackExchange.Redis;

namespace FitnessAssistant.Indexing.Benchmarks;

/// <summary>
/// The real pipeline on the real services (metadata, embedding, indexing, PostgreSQL, Redis, RabbitMQ), 873
/// exercises with real embeddings: how fast the consumer drains an import's events, how fast a full re-index
/// builds, verifies and switches a version, and the freshness of single admin writes (SLO-F1: from the write's
/// response to the announcement of the first epoch whose index holds it).
/// </summary>
internal static class PipelineBenchmark
{
    /// <summary>Runs the pipeline; returns the real vectors of the catalog file's exercises as the index holds them.</summary>
    public static async Task<IReadOnlyList<VectorRecord>> RunAsync(AppHostRun system, IVectorIndex index, string catalogPath, int freshnessWrites)
    {
        Console.WriteLine();
        Console.WriteLine("## Full pipeline, real services and real embeddings (free-exercise-db, 873 exercises)");
        var admin = system.GatewayCredentials.MintToken("benchmark", ["admin"], TimeSpan.FromHours(12));
        using var metadata = new HttpClient { BaseAddress = system.Endpoint("metadata"), Timeout = TimeSpan.FromMinutes(10), DefaultRequestHeaders = { Authorization = new("Bearer", admin) } };
        using var indexing = new HttpClient { BaseAddress = system.Endpoint("indexing"), Timeout = TimeSpan.FromMinutes(1), DefaultRequestHeaders = { Authorization = new("Bearer", admin) } };

        var bootstrap = Stopwatch.StartNew();
        await WaitAsync(async () => (await index.GetStateAsync()).ActiveVersion is not null, TimeSpan.FromMinutes(10));
        var starter = await index.CountAsync((await index.GetStateAsync()).ActiveVersion!);
        Console.WriteLine();
        Console.WriteLine("| step | exercises | time | exercises/s |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| bootstrap: starter catalog indexed from a fresh start (service start included) | {starter} | {bootstrap.Elapsed.TotalSeconds:F1} s | {starter / bootstrap.Elapsed.TotalSeconds:F0} |");

        // The import's events drain through the consumer: fetch in batches, embed in batches, upsert, ack.
        var ids = JsonDocument.Parse(await File.ReadAllBytesAsync(catalogPath)).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
        var drain = Stopwatch.StartNew();
        using (var content = new StringContent(await File.ReadAllTextAsync(catalogPath), Encoding.UTF8, "application/json"))
        using (var response = await metadata.PostAsync("/api/v1/admin/imports/free-exercise-db", content))
        {
            response.EnsureSuccessStatusCode();
        }
        var imported = drain.Elapsed;
        await WaitAsync(async () =>
        {
            var state = await index.GetStateAsync();
            return (await index.GetSourceVersionsAsync(state.ActiveVersion!, ids)).Count == ids.Count;
        }, TimeSpan.FromMinutes(30));
        Console.WriteLine($"| import of {ids.Count} (metadata, {imported.TotalSeconds:F1} s) drained by the consumer into the active version | {ids.Count} | {drain.Elapsed.TotalSeconds:F1} s | {ids.Count / drain.Elapsed.TotalSeconds:F0} |");

        // A full re-index of the whole catalog into a new version, then verified and switched to.
        using (var start = await indexing.PostAsJsonAsync("/api/v1/admin/index/reindex", new { reason = "benchmark" }))
        {
            start.EnsureSuccessStatusCode();
            var job = await start.Content.ReadFromJsonAsync<JsonElement>();
            JsonElement progress = default;
            await WaitAsync(async () =>
            {
                progress = await indexing.GetFromJsonAsync<JsonElement>($"/api/v1/admin/index/reindex/{job.GetProperty("id").GetString()}");
                return progress.GetProperty("phase").GetString() is "Succeeded" or "Failed" or "Cancelled";
            }, TimeSpan.FromMinutes(30));
            var seconds = (progress.GetProperty("finishedAt").GetDateTimeOffset() - progress.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds;
            var processed = progress.GetProperty("processed").GetInt64();
            Console.WriteLine($"| full re-index (list, embed, upsert, HNSW, verify, switch): {progress.GetProperty("phase").GetString()} | {processed} | {seconds:F1} s | {processed / seconds:F0} |");
            Console.WriteLine($"| of which embedding + upsert (the job's own rate) | {processed} | | {progress.GetProperty("exercisesPerSecond").GetDouble():F0} |");
            Console.WriteLine();
            Console.WriteLine($"verification: {progress.GetProperty("verification")}");
        }

        await FreshnessAsync(system, index, metadata, freshnessWrites);
        return await index.GetAsync((await index.GetStateAsync()).ActiveVersion!, ids);
    }

    private static async Task FreshnessAsync(AppHostRun system, IVectorIndex index, HttpClient metadata, int writes)
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(await system.ConnectionStringAsync("redis"));
        var announcements = new List<(long Epoch, DateTimeOffset At)>();
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(IndexEpochAnnouncement.Channel), (_, message) =>
        {
            if (IndexEpochAnnouncement.FromJson(message!) is { } announcement)
            {
                lock (announcements)
                {
                    announcements.Add((announcement.Epoch, DateTimeOffset.UtcNow));
                }
            }
        });
        var lags = new List<double>();
        var run = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < writes; i++)
        {
            var id = $"fresh-{run}-{i}";
            var body = new JsonObject
            {
                ["id"] = id, ["name"] = $"Freshness Probe {run} {i}", ["category"] = "strength", ["level"] = "beginner",
                ["equipment"] = "body only", ["primaryMuscles"] = new JsonArray("chest"), ["instructions"] = new JsonArray("Push."),
            };
            using var response = await metadata.PostAsync("/api/v1/admin/exercises", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            var written = DateTimeOffset.UtcNow;
            var rowVersion = long.Parse(response.Headers.ETag!.Tag.Trim('"'));
            // Wait until the index holds the write, read the epoch then, and find when an epoch at least that was announced.
            await WaitAsync(async () => (await index.GetSourceVersionsAsync((await index.GetStateAsync()).ActiveVersion!, [id])).GetValueOrDefault(id) == rowVersion,
                TimeSpan.FromMinutes(1), pollMilliseconds: 20);
            // A write leaves the epoch pending until the (coalesced) advance: the epoch covering it is the next one then.
            var state = await index.GetStateAsync();
            var covering = state.PendingChanges ? state.Epoch + 1 : state.Epoch;
            DateTimeOffset? announcedAt = null;
            await WaitAsync(() =>
            {
                lock (announcements)
                {
                    announcedAt = announcements.Where(a => a.Epoch >= covering).Select(a => (DateTimeOffset?)a.At).FirstOrDefault();
                }
                return Task.FromResult(announcedAt is not null);
            }, TimeSpan.FromMinutes(1), pollMilliseconds: 10);
            lags.Add(Math.Max(0, (announcedAt!.Value - written).TotalMilliseconds));
            await Task.Delay(200);
        }
        Console.WriteLine();
        Console.WriteLine($"freshness (SLO-F1), {writes} admin writes one every 200 ms, from the write's response to the announcement of an epoch covering it:");
        Console.WriteLine($"p50 {Stats.Percentile(lags, 50):F0} ms, p99 {Stats.Percentile(lags, 99):F0} ms, max {lags.Max():F0} ms");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, int pollMilliseconds = 200)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The benchmark step did not finish in time.");
            }
            await Task.Delay(pollMilliseconds);
        }
    }
}
