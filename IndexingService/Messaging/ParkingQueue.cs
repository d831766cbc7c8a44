using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>
/// Operator access to the parking queue (FM-10): list what is parked and why, and replay it once the cause is
/// fixed. Replay republishes each message to the main queue with its attempt count reset (publisher confirms),
/// then acks it in the parking queue, so a crash half-way loses nothing (at worst a message is replayed twice,
/// which the row-version check makes harmless).
/// </summary>
public sealed class ParkingQueue(IConfiguration configuration, IOptions<ConsumerOptions> options)
{
    private readonly QueueTopology _topology = new(options.Value);

    public async Task<ParkedMessages> PeekAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await _topology.DeclareAsync(connection, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var count = await channel.MessageCountAsync(_topology.ParkingQueue, cancellationToken);
        var messages = new List<ParkedMessage>();
        while (messages.Count < limit && await channel.BasicGetAsync(_topology.ParkingQueue, autoAck: false, cancellationToken) is { } result)
        {
            var parked = new Delivery(result.DeliveryTag, result.Redelivered, result.RoutingKey, new BasicProperties(result.BasicProperties), result.Body.ToArray());
            messages.Add(new ParkedMessage(
                result.BasicProperties.MessageId,
                parked.Header("exercise-id"),
                parked.Attempts,
                parked.Header(QueueTopology.ErrorHeader),
                parked.Header(QueueTopology.ParkedAtHeader)));
        }
        // Closing the channel returns the peeked messages to the queue, in order.
        return new ParkedMessages(_topology.ParkingQueue, count, messages);
    }

    public async Task<int> ReplayAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await _topology.DeclareAsync(connection, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        // Only what is parked now: a replayed message that fails again and comes back is not replayed twice in one call.
        var parked = await channel.MessageCountAsync(_topology.ParkingQueue, cancellationToken);
        var replayed = 0;
        while (replayed < parked && await channel.BasicGetAsync(_topology.ParkingQueue, autoAck: false, cancellationToken) is { } result)
        {
            var headers = new Dictionary<string, object?>(result.BasicProperties.Headers ?? new Dictionary<string, object?>());
            headers.Remove(QueueTopology.AttemptsHeader);
            headers.Remove(QueueTopology.ParkedAtHeader);
            headers["x-indexing-replayed-error"] = headers.GetValueOrDefault(QueueTopology.ErrorHeader);
            headers.Remove(QueueTopology.ErrorHeader);
            var properties = new BasicProperties(result.BasicProperties) { Persistent = true, Headers = headers };
            await channel.BasicPublishAsync(QueueTopology.RequeueExchange, _topology.Queue, mandatory: true, properties, result.Body, cancellationToken);
            await channel.BasicAckAsync(result.DeliveryTag, multiple: false, cancellationToken);
            replayed++;
        }
        return replayed;
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString(options.Value.ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{options.Value.ConnectionName}' is missing.");
        var nodes = BrokerConnectionString.Nodes(connectionString);
        var factory = new ConnectionFactory
        {
            Uri = nodes[0],
            ClientProvidedName = "indexing-parking-admin",
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
        };
        return await factory.CreateConnectionAsync(nodes.Select(node => new AmqpTcpEndpoint(node)).ToList(), cancellationToken);
    }
}

public sealed record ParkedMessages(string Queue, uint Count, IReadOnlyList<ParkedMessage> Oldest);

public sealed record ParkedMessage(string? MessageId, string? ExerciseId, int Attempts, string? Error, string? ParkedAt);
