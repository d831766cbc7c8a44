namespace FitnessAssistant.Embedding.Benchmarks;

/// <summary>One mode's samples: single-query latencies and batch latencies, in milliseconds.</summary>
public sealed record Measurement(string Name, double SingleP50, double SingleP99, double BatchP50, double TextsPerSecond)
{
    public static Measurement From(string name, IReadOnlyList<double> singleMs, IReadOnlyList<double> batchMs, int batchSize)
        => new(name, Percentile(singleMs, 50), Percentile(singleMs, 99), Percentile(batchMs, 50),
            batchSize * batchMs.Count / (batchMs.Sum() / 1000));

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double percentile)
    {
        var sorted = samples.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
