using System.Diagnostics;
using FitnessAssistant.Contracts;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>
/// Publishes outbox rows to RabbitMQ on one channel with publisher confirms: a publish returns only once the broker
/// has taken responsibility for the message (persistent, on a durable exchange). Reconnection is the relay's job:
/// after any failure it disposes this connection and opens a new one when the broker answers again.
/// </summary>
public sealed class CatalogEventPublisher(IConfiguration configuration, IOptions<OutboxOptions> options) : IAsyncDisposable
{
    public const string ConnectionName = "eventbus";
    public static readonly ActivitySource Activities = Telemetry.CreateActivitySource("Metadata.Outbox");

    private IConnection? _connection;
    private IChannel? _channel;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionName));

    public bool IsConnected => _channel is { IsOpen: true };

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (IsConnected)
        {
            return;
        }
        await DisconnectAsync();
        var nodes = BrokerConnectionString.Nodes(configuration.GetConnectionString(ConnectionName)!);
        var factory = new ConnectionFactory
        {
            Uri = nodes[0],
            ClientProvidedName = "metadata-outbox-relay",
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        _connection = await factory.CreateConnectionAsync(nodes.Select(node => new AmqpTcpEndpoint(node)).ToList(), cancellationToken);
        _channel = await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        await _channel.ExchangeDeclareAsync(options.Value.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
    }

    /// <summary>Publishes one event and waits for the broker's confirm; throws if it is refused or not confirmed in time.</summary>
    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var channel = _channel ?? throw new InvalidOperationException("Not connected.");
        ActivityContext.TryParse(message.Traceparent, message.Tracestate, out var parent);
        using var activity = Activities.StartActivity($"{options.Value.Exchange} publish", ActivityKind.Producer, parent);
        activity?.SetTag("messaging.system", "rabbitmq");
        activity?.SetTag("messaging.destination.name", options.Value.Exchange);
        activity?.SetTag("messaging.rabbitmq.destination.routing_key", message.EventType);
        activity?.SetTag("messaging.message.id", message.EventId.ToString());

        var headers = new Dictionary<string, object?>
        {
            ["exercise-id"] = message.ExerciseId,
            ["row-version"] = message.RowVersion,
        };
        // The consumer continues the trace of the write (through this publish span when tracing is on).
        var traceparent = activity?.Id ?? message.Traceparent;
        if (traceparent is not null)
        {
            headers["traceparent"] = traceparent;
            var tracestate = activity?.TraceStateString ?? message.Tracestate;
            if (!string.IsNullOrEmpty(tracestate))
            {
                headers["tracestate"] = tracestate;
            }
        }
        var occurredAt = DateTime.SpecifyKind(message.OccurredAt, DateTimeKind.Utc);
        var properties = new BasicProperties
        {
            Persistent = true,
            MessageId = message.EventId.ToString(),
            ContentType = "application/json",
            ContentEncoding = "utf-8",
            Type = message.EventType,
            AppId = "metadata",
            Timestamp = new AmqpTimestamp(new DateTimeOffset(occurredAt).ToUnixTimeSeconds()),
            Headers = headers,
        };
        var body = new CatalogEvent(message.EventId, message.EventType, message.ExerciseId, message.RowVersion, occurredAt).ToJson();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ConfirmTimeout);
        await channel.BasicPublishAsync(options.Value.Exchange, message.EventType, mandatory: false, properties, body, timeout.Token);
    }

    public async Task DisconnectAsync()
    {
        var channel = _channel;
        var connection = _connection;
        _channel = null;
        _connection = null;
        foreach (var disposable in new IAsyncDisposable?[] { channel, connection })
        {
            try
            {
                if (disposable is not null)
                {
                    await disposable.DisposeAsync();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Tearing down a connection the broker already dropped; nothing left to release.
                Debug.WriteLine($"Ignoring error while closing the broker connection: {ex.Message}");
            }
        }
    }

    public ValueTask DisposeAsync() => new(DisconnectAsync());

    internal static string Describe(Exception ex) => ex.InnerException is { } inner ? $"{ex.Message} ({inner.Message})" : ex.Message;
}
