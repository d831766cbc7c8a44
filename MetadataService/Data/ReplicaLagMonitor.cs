using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Watches the read replica when one is configured (FM-6): samples the primary's flushed WAL position and the
/// replica's replayed position on a timer, never per scrape or per read, exports the lag
/// (<c>fitness_metadata_replica_lag_seconds</c>, alert ReplicaLagHigh) and decides from it, with hysteresis, whether
/// plain reads may use the replica (<see cref="ReadsOnPrimary"/>, gauge <c>fitness_metadata_replica_bypassed</c>).
/// </summary>
public sealed class ReplicaLagMonitor(
    CatalogDataSources dataSources,
    IOptions<ReplicaLagOptions> options,
    IMeterFactory meters,
    ILogger<ReplicaLagMonitor> logger) : BackgroundService
{
    private readonly ReplicaLagTracker _tracker = new();
    private readonly ReplicaReadRoute _route = new(options.Value.PrimaryAbove, options.Value.ReplicaBelow);
    private readonly Lock _lock = new();
    private readonly string _noAnswer = string.Create(CultureInfo.InvariantCulture,
        $"no answer within {options.Value.SampleTimeout.TotalSeconds:0.###} s");
    private bool? _replicaReachable;
    private string? _replicaFailure;
    private DateTime? _replicaAskedAt;

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

    /// <summary>
    /// True while every catalog read must go to the primary because the replica lags or does not answer. Evaluated
    /// against the lag as of now (it grows between samples), from memory only: no query per read.
    /// </summary>
    public bool ReadsOnPrimary => Evaluate(describe: false).OnPrimary;

    /// <summary>Where reads go, why (null on the replica) and the lag, for the health check.</summary>
    public (bool OnPrimary, string? Reason, TimeSpan Lag) Status => Evaluate(describe: true);

    /// <summary>A read could not use the replica: reads stay on the primary until a sample finds it answering again.</summary>
    public void ReplicaFailed(Exception exception)
    {
        lock (_lock)
        {
            _replicaReachable = false;
            _replicaFailure = exception.Message;
        }
        Evaluate(describe: false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (dataSources.Replica is not { } replica)
        {
            return;
        }
        var meter = meters.Create("FitnessAssistant.Metadata");
        meter.CreateObservableGauge("fitness.metadata.replica.lag", () => Lag.TotalSeconds, "s",
            "How long ago the primary had flushed WAL that the read replica has not replayed yet (0 when caught up)");
        meter.CreateObservableGauge("fitness.metadata.replica.bypassed", () => ReadsOnPrimary ? 1 : 0, null,
            "1 while every catalog read goes to the primary because the read replica lags or does not answer");
        using var timer = new PeriodicTimer(options.Value.SampleInterval);
        string? failing = null;
        try
        {
            do
            {
                failing = await SampleAsync(dataSources.Primary, replica, failing, stoppingToken);
                // Also without reads: the switch is logged and the gauge moves when it happens.
                Evaluate(describe: false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private (bool OnPrimary, string? Reason, TimeSpan Lag) Evaluate(bool describe)
    {
        bool changed;
        (bool OnPrimary, string? Reason, TimeSpan Lag) status;
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            var lag = _tracker.LagAt(now);
            // A sample still waiting past its timeout decides now, not when the hung server finally times out.
            changed = _replicaAskedAt is { } asked && now - asked > options.Value.SampleTimeout
                ? _route.Update(lag, reachable: false, _noAnswer)
                : _route.Update(lag, _replicaReachable, _replicaFailure);
            status = (_route.OnPrimary, describe || changed ? _route.Reason : null, lag);
        }
        if (changed && status.OnPrimary)
        {
            logger.LogWarning("Catalog reads moved to the primary (lag {LagSeconds:0.000} s): {Reason}", status.Lag.TotalSeconds, status.Reason);
        }
        else if (changed)
        {
            logger.LogInformation("Catalog reads use the read replica (lag {LagSeconds:0.000} s)", status.Lag.TotalSeconds);
        }
        return status;
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
        lock (_lock)
        {
            _replicaAskedAt = DateTime.UtcNow;
        }
        try
        {
            // Bounded, so that a hung replica cannot stall sampling (the route has moved already, see Evaluate).
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            deadline.CancelAfter(options.Value.SampleTimeout);
            // NULL when the server is not in recovery (not a replica): nothing to replay.
            await using var connection = await replica.OpenConnectionAsync(deadline.Token);
            var replayed = await connection.ExecuteScalarAsync<decimal?>(new CommandDefinition(
                "SELECT pg_last_wal_replay_lsn() - '0/0'::pg_lsn", cancellationToken: deadline.Token));
            lock (_lock)
            {
                _tracker.ReplicaReplayed(replayed);
                _replicaReachable = true;
                _replicaFailure = null;
                _replicaAskedAt = null;
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException && !stoppingToken.IsCancellationRequested)
        {
            var message = ex is OperationCanceledException ? _noAnswer : ex.Message;
            // The lag keeps growing from the last replayed position while the primary writes; reads avoid the replica.
            lock (_lock)
            {
                _replicaReachable = false;
                _replicaFailure = message;
                _replicaAskedAt = null;
            }
            // Idle pooled connections to a replica that went away are dead too, and the pool does not test them: without
            // this, the first reads after it returns would each draw one and fail.
            replica.Clear();
            failed = failed is null ? $"replica: {message}" : $"{failed}; replica: {message}";
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
