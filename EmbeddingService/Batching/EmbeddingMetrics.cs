using System.Diagnostics.Metrics;

namespace FitnessAssistant.EmbeddingService.Batching;

/// <summary>The batcher's meters (<c>FitnessAssistant.Embedding</c>), named as docs/failure-modes.md expects.</summary>
public sealed class EmbeddingMetrics
{
    public const string MeterName = "FitnessAssistant.Embedding";

    public EmbeddingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        Rejected = meter.CreateCounter<long>("fitness.embedding.rejected", "{request}", "Requests refused because the queue was full");
        BatchSize = meter.CreateHistogram<int>("fitness.embedding.batch_size", "{text}", "Texts per model run",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128] });
        RunDuration = meter.CreateHistogram<double>("fitness.embedding.run.duration", "s", "Duration of one model run");
        QueueWait = meter.CreateHistogram<double>("fitness.embedding.queue.wait", "s", "Time a request waited before its run started");
        Meter = meter;
    }

    public Meter Meter { get; }

    public Counter<long> Rejected { get; }

    public Histogram<int> BatchSize { get; }

    public Histogram<double> RunDuration { get; }

    public Histogram<double> QueueWait { get; }

    /// <summary>Reports the queue depth through <paramref name="observe"/> whenever metrics are collected.</summary>
    public void ObserveQueueDepth(Func<int> observe)
        => Meter.CreateObservableGauge("fitness.embedding.queue_depth", observe, "{text}", "Texts waiting for a model run");
}
