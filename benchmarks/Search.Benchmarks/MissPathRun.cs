using System.Diagnostics;
using Npgsql;
using StackExchange.Redis;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// What an uncached search costs in downstream calls and CPU: uncached searches one at a time through
/// <see cref="InProcessSearch"/> (the search service's own classes), every downstream call recorded
/// (<see cref="RoundTripRecorder"/>), and the process's CPU time over the measured searches. Run against one running
/// system by two builds with disjoint query ranges, it compares their miss paths on the same data and the same machine.
/// The searches' texts repeat with other filters and request words, so most find their query vector cached; with
/// <c>coldEmbeddings</c> the cached query vectors are deleted before each search (a text never searched before).
/// </summary>
public static class MissPathRun
{
    private const int WarmUp = 20;

    public static async Task<int> RunAsync(Func<string, string> connectionString, IReadOnlyList<string> texts, int searches, int offset, bool coldEmbeddings)
    {
        // Its own connection, so the deletions are not recorded as the search's calls.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString("redis"));
        async Task ForgetQueryVectorsAsync()
        {
            var keys = await redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(pattern: "search:v1:embedding:*").ToArrayAsync();
            await redis.GetDatabase().KeyDeleteAsync(keys);
        }

        var vectorDatabase = new NpgsqlConnectionStringBuilder(connectionString("vectordb")).Database!;
        using var recorder = new RoundTripRecorder(vectorDatabase);
        await using var search = await InProcessSearch.CreateAsync(connectionString, recorder);
        var queries = QuerySets.Unseen(texts, offset, WarmUp + searches);
        foreach (var query in queries.Take(WarmUp))
        {
            await search.SearchAsync(query);
            await Task.Delay(20);
        }
        recorder.Take();

        var measured = new List<(RoundTripRecorder.SearchCalls Calls, double Ms, RequestOutcome Outcome)>();
        var cpu = TimeSpan.Zero;
        var process = Process.GetCurrentProcess();
        foreach (var query in queries.Skip(WarmUp))
        {
            if (coldEmbeddings)
            {
                await ForgetQueryVectorsAsync();
            }
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            var outcome = await search.SearchAsync(query);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuBefore;
            // The cache writes the search left running (off its response path) finish before the next one is recorded.
            await Task.Delay(20);
            measured.Add((recorder.Take(), ms, outcome));
        }

        var kinds = measured.SelectMany(m => m.Calls.Calls.Select(c => c.Kind)).Distinct().Order(StringComparer.Ordinal).ToList();
        Console.WriteLine();
        Console.WriteLine(coldEmbeddings ? "query vectors not cached" : "query vectors cached when their text was searched before");
        Console.WriteLine($"| uncached searches | cache hits | degraded | round trips in a row (median / max) | calls (median) | " +
            $"{string.Join(" | ", kinds.Select(k => $"{k} (mean)"))} | vectordb SQL commands (mean) | p50 ms | CPU ms per search (this process) |");
        Console.WriteLine($"|---|---|---|---|---|{string.Concat(kinds.Select(_ => "---|"))}---|---|---|");
        Console.WriteLine($"| {measured.Count} | {measured.Count(m => m.Outcome.Cached)} | {measured.Count(m => m.Outcome.Degraded)} | " +
            $"{Median(measured.Select(m => (double)m.Calls.Sequential)):F0} / {measured.Max(m => m.Calls.Sequential)} | " +
            $"{Median(measured.Select(m => (double)m.Calls.Calls.Count)):F0} | " +
            $"{string.Join(" | ", kinds.Select(k => measured.Average(m => m.Calls.Calls.Count(c => c.Kind == k)).ToString("F2")))} | " +
            $"{measured.Average(m => m.Calls.VectorSqlCommands):F2} | {Median(measured.Select(m => m.Ms)):F1} | {cpu.TotalMilliseconds / measured.Count:F2} |");
        return measured.Any(m => m.Outcome.Status != 200) ? 1 : 0;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
