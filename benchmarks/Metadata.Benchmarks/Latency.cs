using System.Diagnostics;

namespace FitnessAssistant.Metadata.Benchmarks;

/// <summary>Sequential call latencies in milliseconds, and percentiles over them.</summary>
public static class Latency
{
    public static async Task<List<double>> MeasureAsync(Func<Task> call, int count)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }

    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
