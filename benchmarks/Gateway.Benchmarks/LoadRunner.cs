using System.Diagnostics;

namespace FitnessAssistant.Gateway.Benchmarks;

/// <summary>One measured phase: latencies of every completed request and what came back.</summary>
public sealed record LoadResult(string Target, int Concurrency, TimeSpan Duration, double[] LatenciesMs, int Errors, IReadOnlyDictionary<int, int> Statuses)
{
    public double RequestsPerSecond => LatenciesMs.Length / Duration.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }
        var sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// A bounded closed-loop load: <c>concurrency</c> workers each send the next request when the previous one is
/// answered, for a fixed time, to a loopback address only.
/// </summary>
public static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(
        string target, HttpClient client, Func<HttpRequestMessage> request, int concurrency, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>(16_384);
            var statuses = new Dictionary<int, int>();
            var errors = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(request(), HttpCompletionOption.ResponseContentRead);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                }
                catch (HttpRequestException)
                {
                    errors++;
                }
            }
            return (latencies, statuses, errors);
        })).ToList();
        var results = await Task.WhenAll(workers);
        var elapsed = clock.Elapsed;
        var merged = new Dictionary<int, int>();
        foreach (var (status, count) in results.SelectMany(r => r.statuses))
        {
            merged[status] = merged.GetValueOrDefault(status) + count;
        }
        return new LoadResult(target, concurrency, elapsed, results.SelectMany(r => r.latencies).ToArray(), results.Sum(r => r.errors), merged);
    }
}
