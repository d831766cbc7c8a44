using System.Diagnostics;
using FitnessAssistant.Contracts;
using FitnessAssistant.IndexingService.Events;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.IndexingService.Reindex;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>
/// What becomes of a batch of catalog events (docs/indexing.md, "Consumer"): applied to the index and acked after
/// the commit. A message that fails is republished to a delay queue (TTL, then dead-lettered back) and acked; after
/// the last delay it goes to the parking queue with the reason. A dependency outage is not the message's fault: the
/// batch stays in hand, unacked, until the dependency is back. <see cref="CatalogEventConsumer"/> owns the broker
/// session the channels belong to.
/// </summary>
public sealed partial class CatalogEventDelivery(
    IOptions<ConsumerOptions> options,
    IndexingPipeline pipeline,
    ReindexCoordinator reindex,
    ILogger<CatalogEventDelivery> logger)
{
    private const int MaxErrorLength = 1000;
    private readonly ConsumerOptions _options = options.Value;
    private readonly QueueTopology _topology = new(options.Value);
    private volatile string? _pausedFor;

    /// <summary>The dependency the batch in hand is waiting for, if any.</summary>
    public string? PausedFor => _pausedFor;

    /// <summary>
    /// Handles one batch; <paramref name="channel"/> acks and nacks, <paramref name="publisher"/> (with publisher
    /// confirms) republishes retries and parked messages. After a stop is requested the batch gets a grace period,
    /// then whatever is not done is returned to the queue.
    /// </summary>
    public async Task HandleBatchAsync(List<Delivery> batch, IChannel channel, IChannel publisher, CancellationToken stoppingToken)
    {
        // The batch in hand may finish during a grace period after a stop is requested, then it is returned.
        using var work = new CancellationTokenSource();
        await using var grace = stoppingToken.Register(() => work.CancelAfter(_options.ShutdownGrace));

        var events = new List<(Delivery Delivery, CatalogEvent Event)>();
        foreach (var delivery in batch)
        {
            if (CatalogEventParser.Parse(delivery.Body.Span, out var error) is { } parsed)
            {
                events.Add((delivery, parsed));
            }
            else
            {
                await FailAsync(delivery, null, "malformed", error!, channel, publisher, stoppingToken);
            }
        }
        if (events.Count == 0)
        {
            return;
        }
        IndexingTelemetry.BatchSize.Record(events.Count);

        using var activity = StartBatchActivity(events);
        try
        {
            await ProcessWithPausesAsync(events.Select(e => e.Event).ToList(), work.Token);
            foreach (var (delivery, _) in events)
            {
                await channel.BasicAckAsync(delivery.Tag, multiple: false, CancellationToken.None);
            }
            IndexingTelemetry.Events.Add(events.Count, new KeyValuePair<string, object?>("outcome", "applied"));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            foreach (var (delivery, _) in events)
            {
                await channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, CancellationToken.None);
            }
            throw;
        }
        catch (Exception ex) when (IsMessageFailure(ex))
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            if (events.Count == 1)
            {
                await FailAsync(events[0].Delivery, events[0].Event, ex.GetType().Name, ex.Message, channel, publisher, stoppingToken);
                return;
            }
            // One bad message must not hold back the others: handle them one by one to find it.
            foreach (var (delivery, catalogEvent) in events)
            {
                try
                {
                    await ProcessWithPausesAsync([catalogEvent], work.Token);
                    await channel.BasicAckAsync(delivery.Tag, multiple: false, CancellationToken.None);
                    IndexingTelemetry.Events.Add(1, new KeyValuePair<string, object?>("outcome", "applied"));
                }
                catch (Exception single) when (IsMessageFailure(single))
                {
                    await FailAsync(delivery, catalogEvent, single.GetType().Name, single.Message, channel, publisher, stoppingToken);
                }
            }
        }
    }

    private async Task ProcessWithPausesAsync(IReadOnlyList<CatalogEvent> events, CancellationToken cancellationToken)
    {
        var pause = _options.OutagePause;
        while (true)
        {
            try
            {
                var outcome = await pipeline.ProcessAsync(events, cancellationToken);
                _pausedFor = null;
                // Only the active version's model matters here: an inactive version of another model (kept for a
                // rollback after a model upgrade) is caught up when it is activated, not rebuilt, which would retire it.
                if (outcome.ActiveVersionOutdated)
                {
                    reindex.RequestRebuild($"the active version holds another embedding model than the one serving (outdated: {string.Join(", ", outcome.OutdatedVersions)})");
                }
                return;
            }
            catch (DependencyUnavailableException ex)
            {
                // Not the messages' fault: keep them (unacked, so nothing is lost if we die) and wait for the dependency.
                _pausedFor = ex.Dependency;
                LogPaused(ex.Dependency, ex.Message, pause.TotalSeconds, events.Count);
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, _options.MaxOutagePause.Ticks));
            }
        }
    }

    private async Task FailAsync(Delivery delivery, CatalogEvent? catalogEvent, string reason, string error, IChannel channel, IChannel publisher, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        var properties = new BasicProperties(delivery.Properties)
        {
            Persistent = true,
            Headers = new Dictionary<string, object?>(delivery.Properties.Headers ?? new Dictionary<string, object?>())
            {
                [QueueTopology.AttemptsHeader] = attempts,
                [QueueTopology.ErrorHeader] = $"{reason}: {error}" is var text && text.Length > MaxErrorLength ? text[..MaxErrorLength] : text,
            },
        };
        var exerciseId = catalogEvent?.ExerciseId ?? "?";
        if (attempts <= _options.RetryDelays.Count)
        {
            var delay = _options.RetryDelays[attempts - 1];
            await publisher.BasicPublishAsync(QueueTopology.RetryExchange, _topology.RetryRoutingKey(delay), mandatory: true, properties, delivery.Body, cancellationToken);
            IndexingTelemetry.Events.Add(1, new KeyValuePair<string, object?>("outcome", "retried"));
            LogRetrying(delivery.Properties.MessageId, exerciseId, attempts, delay.TotalSeconds, reason, error);
        }
        else
        {
            properties.Headers[QueueTopology.ParkedAtHeader] = DateTimeOffset.UtcNow.ToString("O");
            await publisher.BasicPublishAsync("", _topology.ParkingQueue, mandatory: true, properties, delivery.Body, cancellationToken);
            IndexingTelemetry.Events.Add(1, new KeyValuePair<string, object?>("outcome", "parked"));
            IndexingTelemetry.Parked.Add(1, new KeyValuePair<string, object?>("reason", reason));
            LogParked(delivery.Properties.MessageId, exerciseId, attempts, reason, error, _topology.ParkingQueue);
        }
        await channel.BasicAckAsync(delivery.Tag, multiple: false, CancellationToken.None);
    }

    /// <summary>
    /// One span per batch: a child of the first event's trace (so a single admin write is one trace end to end),
    /// linked to every other event's trace (the W3C trace context the outbox sends in the message headers).
    /// </summary>
    private static Activity? StartBatchActivity(IReadOnlyList<(Delivery Delivery, CatalogEvent Event)> events)
    {
        var contexts = events
            .Select(e => ActivityContext.TryParse(e.Delivery.Header("traceparent"), e.Delivery.Header("tracestate"), out var context) ? context : default)
            .ToList();
        var activity = IndexingTelemetry.Activities.StartActivity(
            ActivityKind.Consumer,
            contexts[0],
            links: contexts.Skip(1).Where(c => c != default).Select(c => new ActivityLink(c)),
            name: "catalog.events process");
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.batch.message_count", events.Count);
        if (events.Count == 1)
        {
            var single = events[0].Event;
            activity?.SetTag("messaging.message.id", single.EventId.ToString());
            activity?.SetTag("fitness.exercise.id", single.ExerciseId);
            activity?.SetTag("fitness.exercise.row_version", single.RowVersion);
        }
        return activity;
    }

    /// <summary>Anything but a dependency outage or a stop counts against the message.</summary>
    private static bool IsMessageFailure(Exception ex)
        => ex is not (DependencyUnavailableException or OperationCanceledException or AlreadyClosedException
            or OperationInterruptedException or PublishException);

    [LoggerMessage(LogLevel.Warning, "Paused: {Dependency} unavailable ({Reason}); retrying the {Count} events in hand in {PauseSeconds} s")]
    private partial void LogPaused(string dependency, string reason, double pauseSeconds, int count);

    [LoggerMessage(LogLevel.Warning, "Message {MessageId} (exercise {ExerciseId}) failed attempt {Attempt}: {Reason}: {Error}; retrying in {DelaySeconds} s")]
    private partial void LogRetrying(string? messageId, string exerciseId, int attempt, double delaySeconds, string reason, string error);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} (exercise {ExerciseId}) parked after {Attempts} attempts: {Reason}: {Error} (queue {ParkingQueue})")]
    private partial void LogParked(string? messageId, string exerciseId, int attempts, string reason, string error, string parkingQueue);
}
