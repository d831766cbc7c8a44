using System.Diagnostics;
using System.Threading.Channels;
using FitnessAssistant.IndexingService.Events;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.IndexingService.Reindex;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>
/// Consumes catalog events (docs/indexing.md, "Consumer"): a durable queue bound to the catalog exchange, manual
/// acks after the index commit, bounded prefetch, batches of up to <see cref="ConsumerOptions.BatchSize"/>.
/// A message that fails is republished to a delay queue (TTL, then dead-lettered back) and acked; after the last
/// delay it goes to the parking queue with the reason. A dependency outage is not the message's fault: the consumer
/// pauses with the batch in hand and tries it again. On shutdown the batch in hand gets a grace period, and
/// whatever is not done is returned to the queue. The broker connection is re-opened with backoff when it drops.
/// </summary>
public sealed partial class CatalogEventConsumer(
    IConfiguration configuration,
    IOptions<ConsumerOptions> options,
    IndexingPipeline pipeline,
    ReindexCoordinator reindex,
    ILogger<CatalogEventConsumer> logger) : BackgroundService
{
    private const int MaxErrorLength = 1000;
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(15);
    private readonly ConsumerOptions _options = options.Value;
    private readonly QueueTopology _topology = new(options.Value);
    private volatile bool _connected;
    private volatile string? _pausedFor;

    /// <summary>Connected to the broker and consuming.</summary>
    public bool IsConnected => _connected;

    /// <summary>The dependency the consumer is waiting for, if it is paused.</summary>
    public string? PausedFor => _pausedFor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(configuration.GetConnectionString(_options.ConnectionName)
                ?? throw new InvalidOperationException($"Connection string '{_options.ConnectionName}' is missing: set ConnectionStrings__{_options.ConnectionName}.")),
            ClientProvidedName = "indexing-consumer",
            // Reconnection is ours: a new session re-declares the topology and starts from a clean slate, and the
            // broker has requeued whatever the old one had not acked.
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        var delay = TimeSpan.FromMilliseconds(500);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunSessionAsync(factory, () => delay = TimeSpan.FromMilliseconds(500), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is BrokerUnreachableException or AlreadyClosedException or OperationInterruptedException
                                           or ChannelClosedException or IOException or TimeoutException
                                           or PublishException)
            {
                LogBrokerUnavailable(ex.Message, delay.TotalSeconds);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug must not stop consumption for good: whatever the session had not acked is redelivered.
                LogSessionFailed(ex, delay.TotalSeconds);
            }
            finally
            {
                _connected = false;
            }
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
        }
    }

    private async Task RunSessionAsync(ConnectionFactory factory, Action connectedOk, CancellationToken stoppingToken)
    {
        await using var connection = await factory.CreateConnectionAsync(stoppingToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        // Retries and parking are republished with publisher confirms, and the original is acked only after the confirm.
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
        await _topology.DeclareAsync(channel, stoppingToken);
        await channel.BasicQosAsync(0, (ushort)Math.Min(_options.Prefetch, ushort.MaxValue), global: false, stoppingToken);

        var inbox = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, args) =>
        {
            inbox.Writer.TryWrite(Delivery.From(args));
            return Task.CompletedTask;
        };
        consumer.ShutdownAsync += (_, args) =>
        {
            inbox.Writer.TryComplete(new AlreadyClosedException(args));
            return Task.CompletedTask;
        };
        var consumerTag = await channel.BasicConsumeAsync(_topology.Queue, autoAck: false, consumer, stoppingToken);
        _connected = true;
        connectedOk();
        LogConsuming(_topology.Queue, _options.Exchange, _options.Prefetch);

        using var sessionEnd = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var depths = PollQueueDepthsAsync(publisher, sessionEnd.Token);
        try
        {
            while (true)
            {
                var batch = await ReadBatchAsync(inbox.Reader, stoppingToken);
                await HandleBatchAsync(batch, channel, publisher, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Graceful stop: no new deliveries, and what is buffered goes back to the queue for the next consumer.
            await ReturnAsync(channel, consumerTag, inbox.Reader);
            throw;
        }
        catch (ChannelClosedException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
        finally
        {
            await sessionEnd.CancelAsync();
            await depths;
        }
    }

    private async Task<List<Delivery>> ReadBatchAsync(ChannelReader<Delivery> inbox, CancellationToken stoppingToken)
    {
        var batch = new List<Delivery> { await inbox.ReadAsync(stoppingToken) };
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(_options.BatchWait);
        try
        {
            while (batch.Count < _options.BatchSize)
            {
                if (!inbox.TryRead(out var next))
                {
                    next = await inbox.ReadAsync(wait.Token);
                }
                batch.Add(next);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The batch window closed: handle what arrived.
        }
        catch (ChannelClosedException)
        {
            // The session is ending: handle what arrived; the next read reports the closure.
        }
        return batch;
    }

    private async Task HandleBatchAsync(List<Delivery> batch, IChannel channel, IChannel publisher, CancellationToken stoppingToken)
    {
        // The batch in hand may finish during a grace period after a stop is requested, then it is returned.
        using var work = new CancellationTokenSource();
        await using var grace = stoppingToken.Register(() => work.CancelAfter(_options.ShutdownGrace));

        var events = new List<(Delivery Delivery, CatalogEvent Event)>();
        foreach (var delivery in batch)
        {
            if (CatalogEventParser.Parse(delivery.Body.Span, delivery.Properties.Headers, out var error) is { } parsed)
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

        using var activity = StartBatchActivity(events.Select(e => e.Event).ToList());
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

    private async Task ReturnAsync(IChannel channel, string consumerTag, ChannelReader<Delivery> inbox)
    {
        try
        {
            await channel.BasicCancelAsync(consumerTag, noWait: false, CancellationToken.None);
            var returned = 0;
            while (inbox.TryRead(out var delivery))
            {
                await channel.BasicNackAsync(delivery.Tag, multiple: false, requeue: true, CancellationToken.None);
                returned++;
            }
            LogStopped(returned);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // The channel is gone: the broker requeues everything this consumer had not acked.
        }
    }

    private async Task PollQueueDepthsAsync(IChannel channel, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                long retry = 0;
                foreach (var queue in _topology.RetryQueues.Distinct())
                {
                    retry += await channel.MessageCountAsync(queue, cancellationToken);
                }
                IndexingTelemetry.RecordQueueDepths(
                    await channel.MessageCountAsync(_topology.Queue, cancellationToken),
                    retry,
                    await channel.MessageCountAsync(_topology.ParkingQueue, cancellationToken));
                await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or AlreadyClosedException or OperationInterruptedException or IOException)
        {
            // Depths are best effort; the session's own loop reports broker trouble.
        }
    }

    /// <summary>
    /// One span per batch: a child of the first event's trace (so a single admin write is one trace end to end),
    /// linked to every other event's trace.
    /// </summary>
    private static Activity? StartBatchActivity(IReadOnlyList<CatalogEvent> events)
    {
        var contexts = events
            .Select(e => ActivityContext.TryParse(e.TraceParent, e.TraceState, out var context) ? context : default)
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
            activity?.SetTag("messaging.message.id", events[0].EventId.ToString());
            activity?.SetTag("fitness.exercise.id", events[0].ExerciseId);
            activity?.SetTag("fitness.exercise.row_version", events[0].RowVersion);
        }
        return activity;
    }

    /// <summary>Anything but a dependency outage or a stop counts against the message.</summary>
    private static bool IsMessageFailure(Exception ex)
        => ex is not (DependencyUnavailableException or OperationCanceledException or AlreadyClosedException
            or OperationInterruptedException or PublishException);

    [LoggerMessage(LogLevel.Information, "Consuming {Queue} (bound to {Exchange}), prefetch {Prefetch}")]
    private partial void LogConsuming(string queue, string exchange, int prefetch);

    [LoggerMessage(LogLevel.Warning, "Event broker unavailable ({Reason}); reconnecting in {DelaySeconds} s")]
    private partial void LogBrokerUnavailable(string reason, double delaySeconds);

    [LoggerMessage(LogLevel.Error, "Consumer session failed; reconnecting in {DelaySeconds} s")]
    private partial void LogSessionFailed(Exception exception, double delaySeconds);

    [LoggerMessage(LogLevel.Warning, "Paused: {Dependency} unavailable ({Reason}); retrying the {Count} events in hand in {PauseSeconds} s")]
    private partial void LogPaused(string dependency, string reason, double pauseSeconds, int count);

    [LoggerMessage(LogLevel.Warning, "Message {MessageId} (exercise {ExerciseId}) failed attempt {Attempt}: {Reason}: {Error}; retrying in {DelaySeconds} s")]
    private partial void LogRetrying(string? messageId, string exerciseId, int attempt, double delaySeconds, string reason, string error);

    [LoggerMessage(LogLevel.Error, "Message {MessageId} (exercise {ExerciseId}) parked after {Attempts} attempts: {Reason}: {Error} (queue {ParkingQueue})")]
    private partial void LogParked(string? messageId, string exerciseId, int attempts, string reason, string error, string parkingQueue);

    [LoggerMessage(LogLevel.Information, "Consumer stopped; {Returned} buffered messages returned to the queue")]
    private partial void LogStopped(int returned);
}
