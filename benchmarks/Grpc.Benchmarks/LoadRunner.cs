using System.Diagnostics;

namespace FitnessAssistant.Grpc.Benchmarks;

/// <summary>Latency from calls one after another; throughput from a fixed number of callers for a fixed time.
/// Both loops are bounded, so a run always ends by itself.</summary>
public static class LoadRunner
{
    public static async Task<double[]> LatencyMicrosecondsAsync(Func<Task> call, int calls)
    {
        var samples = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        return samples;
    }

    public static async Task<double> CallsPerSecondAsync(Func<Task> call, int concurrency, TimeSpan duration)
    {
        long completed = 0;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetElapsedTime(start) < duration)
            {
                await call();
                Interlocked.Increment(ref completed);
            }
        }));
        return completed / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
