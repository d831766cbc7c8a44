using System.Diagnostics.Metrics;
using FitnessAssistant.MetadataService.Data;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>
/// Moves outbox rows to RabbitMQ. One replica at a time relays (it holds an advisory lock for as long as it does;
/// if it dies the lock goes with its session and another replica takes over), so events leave in outbox order,
/// which is commit order per exercise. A row is marked sent only after the broker confirmed it: a crash in between
/// publishes it again (at-least-once; consumers de-duplicate by event id or row version). While the broker is
/// down, rows wait and the relay retries with growing pauses; catalog writes are not affected.
/// </summary>
public sealed class OutboxRelay(
    CatalogDataSources dataSources,
    CatalogEventPublisher publisher,
    IOptions<OutboxOptions> options,
    IMeterFactory meters,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private static readonly TimeSpan LeadershipRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromHours(1);

    private readonly Meter _meter = meters.Create("FitnessAssistant.Metadata");
    private Counter<long>? _published;
    private long _pending;
    // Ticks of the oldest waiting event's occurred_at (0: none), so a scrape on another thread never reads half a value.
    private long _oldestPendingTicks;
    private DateTime _nextCleanup = DateTime.UtcNow;

    /// <summary>Events waiting at the last look, and whether the broker connection is up (for health and metrics).</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public bool BrokerReachable { get; private set; } = true;

    public DateTime? OldestPendingAt => Interlocked.Read(ref _oldestPendingTicks) is var ticks and > 0 ? new DateTime(ticks, DateTimeKind.Utc) : null;

    public bool IsLeader { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!publisher.IsConfigured)
        {
            logger.LogWarning("ConnectionStrings:{Name} is not set: catalog events stay in the outbox until a relay with a broker runs", CatalogEventPublisher.ConnectionName);
            return;
        }
        // Names as docs/failure-modes.md lists them; the OutboxBacklog alert reads fitness_outbox_oldest_age_seconds.
        _published = _meter.CreateCounter<long>("fitness.outbox.published", "{event}", "Catalog events confirmed by the broker");
        _meter.CreateObservableGauge("fitness.outbox.pending", () => Pending, "{event}", "Catalog events waiting to be published");
        _meter.CreateObservableGauge("fitness.outbox.oldest_age", ObserveOldestAge, "s",
            "Age of the oldest catalog event not yet confirmed by the broker (0 when none waits); reported by the relaying replica only");
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await using var leadership = await AdvisoryLock.TryAcquireAsync(dataSources.Primary, CatalogLocks.OutboxRelay, stoppingToken);
                    if (leadership is null)
                    {
                        await Task.Delay(LeadershipRetry, stoppingToken);
                        continue;
                    }
                    IsLeader = true;
                    logger.LogInformation("This replica now relays the outbox");
                    await RelayAsync(leadership.Connection, stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Outbox relay lost the catalog database: {Error}; retrying", ex.Message);
                    await Task.Delay(LeadershipRetry, stoppingToken);
                }
                finally
                {
                    IsLeader = false;
                    Interlocked.Exchange(ref _oldestPendingTicks, 0);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await publisher.DisconnectAsync();
        }
    }

    private async Task RelayAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("LISTEN catalog_outbox", cancellationToken: stoppingToken));
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var batch = (await connection.QueryAsync<OutboxMessage>(new CommandDefinition("""
                SELECT position, event_id, event_type, exercise_id, row_version, traceparent, tracestate, occurred_at
                FROM outbox WHERE sent_at IS NULL ORDER BY position LIMIT @BatchSize
                """, new { options.Value.BatchSize }, cancellationToken: stoppingToken))).ToList();
            await UpdateBacklogAsync(connection, batch, stoppingToken);
            if (batch.Count == 0)
            {
                await CleanupAsync(connection, stoppingToken);
                // Returns on a NOTIFY (a write committed) or after the poll interval.
                await connection.WaitAsync(options.Value.PollInterval, stoppingToken);
                continue;
            }

            var sent = new List<long>(batch.Count);
            Exception? failure = null;
            try
            {
                await publisher.ConnectAsync(stoppingToken);
                BrokerReachable = true;
                foreach (var message in batch)
                {
                    await publisher.PublishAsync(message, stoppingToken);
                    sent.Add(message.Position);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not NpgsqlException)
            {
                failure = ex;
            }

            if (sent.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE position = ANY(@sent)",
                    new { sent = sent.ToArray() }, cancellationToken: stoppingToken));
                _published!.Add(sent.Count);
            }
            if (failure is null)
            {
                failures = 0;
                continue;
            }

            // The first unsent event is retried first: nothing after it overtakes it.
            var stuck = batch[sent.Count];
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE position = @Position",
                new { stuck.Position, error = CatalogEventPublisher.Describe(failure) }, cancellationToken: stoppingToken));
            BrokerReachable = false;
            await publisher.DisconnectAsync();
            failures++;
            var delay = TimeSpan.FromMilliseconds(Math.Min(options.Value.MaxRetryDelay.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(failures, 10))));
            logger.LogWarning("Publishing catalog events failed ({Failures} in a row), {Pending} waiting; retrying in {DelayMs} ms: {Error}",
                failures, Pending, (long)delay.TotalMilliseconds, CatalogEventPublisher.Describe(failure));
            await Task.Delay(delay, stoppingToken);
        }
    }

    private async Task UpdateBacklogAsync(NpgsqlConnection connection, List<OutboxMessage> batch, CancellationToken stoppingToken)
    {
        if (batch.Count < options.Value.BatchSize)
        {
            Interlocked.Exchange(ref _pending, batch.Count);
        }
        else
        {
            Interlocked.Exchange(ref _pending, await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT count(*) FROM outbox WHERE sent_at IS NULL", cancellationToken: stoppingToken)));
        }
        Interlocked.Exchange(ref _oldestPendingTicks, batch.Count > 0 ? DateTime.SpecifyKind(batch[0].OccurredAt, DateTimeKind.Utc).Ticks : 0);
    }

    /// <summary>
    /// Computed at scrape time from the relay's last look (the first row of its batch is the oldest waiting event), so
    /// a scrape costs no query, and the age keeps growing while the relay is stuck on a broker that does not answer.
    /// Only the leader knows the backlog: other replicas report nothing rather than a misleading 0.
    /// </summary>
    private IEnumerable<Measurement<double>> ObserveOldestAge()
    {
        if (!IsLeader)
        {
            yield break;
        }
        var age = OldestPendingAt is { } oldest ? Math.Max(0, (DateTime.UtcNow - oldest).TotalSeconds) : 0;
        yield return new Measurement<double>(age);
    }

    private async Task CleanupAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        if (DateTime.UtcNow < _nextCleanup)
        {
            return;
        }
        _nextCleanup = DateTime.UtcNow + CleanupInterval;
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM outbox WHERE sent_at < now() - @retention", new { retention = options.Value.SentRetention }, cancellationToken: stoppingToken));
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Deleted} sent outbox events older than {Retention}", deleted, options.Value.SentRetention);
        }
    }
}
