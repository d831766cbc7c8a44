using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FitnessAssistant.IndexingService;

/// <summary>The service's own traces and metrics (names as docs/failure-modes.md lists them).</summary>
public static class IndexingTelemetry
{
    public static readonly ActivitySource Activities = Telemetry.CreateActivitySource("Indexing");

    public static readonly Meter Meter = new($"{Telemetry.SourcePrefix}.Indexing");

    public static readonly Counter<long> Events = Meter.CreateCounter<long>(
        "fitness_indexing_events_total", description: "Catalog events handled, by outcome (applied, unchanged, retried, parked)");

    public static readonly Counter<long> Parked = Meter.CreateCounter<long>(
        "fitness_indexing_parked_total", description: "Messages moved to the parking queue, by reason");

    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "fitness_indexing_lag_seconds", "s", "From a catalog change (event occurred_at) to the announcement of the epoch that includes it");

    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>(
        "fitness_indexing_batch_size", description: "Events per processed batch");

    public static readonly Counter<long> CatchUpWrites = Meter.CreateCounter<long>(
        "fitness_indexing_catch_up_writes_total", description: "Vectors (kind=upserted) and tombstones (kind=deleted) an activation's catch-up wrote into a version that had fallen behind the catalog");

    private static long _mainDepth, _retryDepth, _parkingDepth;

    static IndexingTelemetry()
    {
        Meter.CreateObservableGauge("fitness_indexing_queue_depth", () => new[]
        {
            new Measurement<long>(Interlocked.Read(ref _mainDepth), new KeyValuePair<string, object?>("queue", "main")),
            new Measurement<long>(Interlocked.Read(ref _retryDepth), new KeyValuePair<string, object?>("queue", "retry")),
            new Measurement<long>(Interlocked.Read(ref _parkingDepth), new KeyValuePair<string, object?>("queue", "parking")),
        }, description: "Messages waiting in the consumer's queues");
    }

    public static void RecordQueueDepths(long main, long retry, long parking)
    {
        Interlocked.Exchange(ref _mainDepth, main);
        Interlocked.Exchange(ref _retryDepth, retry);
        Interlocked.Exchange(ref _parkingDepth, parking);
    }
}
