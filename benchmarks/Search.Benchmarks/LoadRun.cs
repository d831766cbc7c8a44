using System.Diagnostics;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// A closed loop: <c>concurrency</c> workers each send the next request of a shared list as soon as their
/// previous one answered, until the list is used up. Every request's latency is kept, so percentiles are exact.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync<T>(IReadOnlyList<T> requests, int concurrency, Func<T, Task<RequestOutcome>> send)
    {
        var latencies = new double[requests.Count];
        var outcomes = new RequestOutcome[requests.Count];
        var next = -1;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests.Count)
            {
                var start = Stopwatch.GetTimestamp();
                outcomes[i] = await send(requests[i]);
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        wall.Stop();
        return new LoadResult(latencies, outcomes, wall.Elapsed);
    }
}

/// <param name="Status">The HTTP status (200 for an in-process answer, 503 when it could not answer).</param>
/// <param name="Cached">The answer says it came from the cache.</param>
/// <param name="Degraded">The answer says it is degraded.</param>
public readonly record struct RequestOutcome(int Status, bool Cached, bool Degraded)
{
    public bool Ok => Status == 200;
}

public sealed record LoadResult(double[] LatenciesMs, RequestOutcome[] Outcomes, TimeSpan Wall)
{
    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public double Throughput => LatenciesMs.Length / Wall.TotalSeconds;

    public int Errors => Outcomes.Count(o => !o.Ok);

    /// <summary>Non-200 answers by status, e.g. "503 x3".</summary>
    public string ErrorSummary => Errors == 0
        ? "0"
        : string.Join(", ", Outcomes.Where(o => !o.Ok).GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"));

    public double CachedShare => Outcomes.Count(o => o.Cached) / (double)Outcomes.Length;

    public int DegradedCount => Outcomes.Count(o => o.Degraded);

    /// <summary>The requests whose index matches, as a result of their own (throughput over the same wall time).</summary>
    public LoadResult Where(Func<int, bool> include)
    {
        var kept = Enumerable.Range(0, LatenciesMs.Length).Where(include).ToArray();
        return new LoadResult([.. kept.Select(i => LatenciesMs[i])], [.. kept.Select(i => Outcomes[i])], Wall);
    }
}
