using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Exports <c>fitness_metadata_replica_lag_seconds</c> (FM-6, alert ReplicaLagHigh) when a read replica is configured:
/// samples the primary's flushed WAL position and the replica's replayed position on a timer, never per scrape.
/// </summary>
public sealed class ReplicaLagMonitor(
    CatalogDataSources dataSources,
    IOptions<ReplicaLagOptions> options,
    IMeterFactory meters,
    ILogger<ReplicaLagMonitor> logger) : BackgroundService
{
    private readonly ReplicaLagTracker _tracker = new();
    private readonly Lock _lock = new();

    /// <summary>Seconds the replica is behind the primary now (0 without a replica).</summary>
    public TimeSpan Lag
    {
        get
        {
            lock (_lock)
            {
                return _tracker.LagAt(DateTime.UtcNow);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dataSources.Replica is not { } replica)
        {
            return;
        }
        meters.Create("FitnessAssistant.Metadata").CreateObservableGauge("fitness.metadata.replica.lag", () => Lag.TotalSeconds, "s",
            "How long ago the primary had flushed WAL that the read replica has not replayed yet (0 when caught up)");
        using var timer = new PeriodicTimer(options.Value.SampleInterval);
        string? failing = null;
        try
        {
            do
            {
                failing = await SampleAsync(dataSources.Primary, replica, failing, stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sample; returns which side failed (logged once per change, not on every tick).</summary>
    private async Task<string?> SampleAsync(NpgsqlDataSource primary, NpgsqlDataSource replica, string? failing, CancellationToken stoppingToken)
    {
        string? failed = null;
        try
        {
            // Primary first: a position the replica has replayed by the time it is asked was really flushed before.
            var at = DateTime.UtcNow;
            await using (var connection = await primary.OpenConnectionAsync(stoppingToken))
            {
                var flushed = await connection.ExecuteScalarAsync<decimal>(new CommandDefinition(
                    "SELECT pg_current_wal_flush_lsn() - '0/0'::pg_lsn", cancellationToken: stoppingToken));
                lock (_lock)
                {
                    _tracker.PrimaryFlushed(at, flushed);
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            failed = $"primary: {ex.Message}";
        }
        try
        {
            // NULL when the server is not in recovery (not a replica): nothing to replay.
            await using var connection = await replica.OpenConnectionAsync(stoppingToken);
            var replayed = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
                "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn", cancellationToken: stoppingToken));
            lock (_lock)
            {
                _tracker.ReplicaReplayed(replayed);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
        {
            // The lag keeps growing from the last replayed position while the primary writes.
            failed = failed is null ? $"replica: {ex.Message}" : $"{failed}; replica: {ex.Message}";
        }
        if (failed != failing)
        {
            if (failed is null)
            {
                logger.LogInformation("Replica lag sampling works again");
            }
            else
            {
                logger.LogWarning("Replica lag sampling failed ({Error}); the lag is measured from the last replayed position", failed);
            }
        }
        return failed;
    }
}
