using System.Threading.Channels;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>
/// The broker session of the catalog events consumer (docs/indexing.md, "Consumer"): a durable queue bound to the
/// catalog exchange, manual acks, bounded prefetch, batches of up to <see cref="ConsumerOptions.BatchSize"/> handed to
/// <see cref="CatalogEventDelivery"/>. On shutdown what is buffered is returned to the queue. The connection is
/// re-opened with backoff when it drops.
/// </summary>
public sealed partial class CatalogEventConsumer(
    IConfiguration configuration,
    IOptions<ConsumerOptions> options,
    CatalogEventDelivery delivery,
    ILogger<CatalogEventConsumer> logger) : BackgroundService
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(15);
    private readonly ConsumerOptions _options = options.Value;
    private readonly QueueTopology _topology = new(options.Value);
    private volatile bool _connected;

    /// <summary>Connected to the broker and consuming.</summary>
    public bool IsConnected => _connected;

    /// <summary>The dependency the consumer is waiting for, if it is paused.</summary>
    public string? PausedFor => delivery.PausedFor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nodes = BrokerConnectionString.Nodes(configuration.GetConnectionString(_options.ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{_options.ConnectionName}' is missing: set ConnectionStrings__{_options.ConnectionName}."));
        var factory = new ConnectionFactory
        {
            Uri = nodes[0],
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
                await RunSessionAsync(factory, nodes, () => delay = TimeSpan.FromMilliseconds(500), stoppingToken);
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

    private async Task RunSessionAsync(ConnectionFactory factory, IReadOnlyList<Uri> nodes, Action connectedOk, CancellationToken stoppingToken)
    {
        await using var connection = await factory.CreateConnectionAsync(nodes.Select(node => new AmqpTcpEndpoint(node)).ToList(), stoppingToken);
        if (await _topology.DeclareAsync(connection, stoppingToken) is { Count: > 0 } classic)
        {
            LogClassicQueues(string.Join(", ", classic));
        }
        await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
        // Retries and parking are republished with publisher confirms, and the original is acked only after the confirm.
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), stoppingToken);
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
                await delivery.HandleBatchAsync(batch, channel, publisher, stoppingToken);
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

    [LoggerMessage(LogLevel.Warning, "Classic queues from an earlier version are used as they are, not replicated: {Queues}; docs/indexing.md, \"Queues\", says how to move them to quorum queues")]
    private partial void LogClassicQueues(string queues);

    [LoggerMessage(LogLevel.Information, "Consuming {Queue} (bound to {Exchange}), prefetch {Prefetch}")]
    private partial void LogConsuming(string queue, string exchange, int prefetch);

    [LoggerMessage(LogLevel.Warning, "Event broker unavailable ({Reason}); reconnecting in {DelaySeconds} s")]
    private partial void LogBrokerUnavailable(string reason, double delaySeconds);

    [LoggerMessage(LogLevel.Error, "Consumer session failed; reconnecting in {DelaySeconds} s")]
    private partial void LogSessionFailed(Exception exception, double delaySeconds);

    [LoggerMessage(LogLevel.Information, "Consumer stopped; {Returned} buffered messages returned to the queue")]
    private partial void LogStopped(int returned);
}
