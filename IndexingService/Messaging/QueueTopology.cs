using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>
/// The consumer's RabbitMQ objects, all durable (quorum queues) and declared idempotently at every connect:
/// <code>
/// catalog.events (topic) --exercise.*--> {queue}
/// {queue} --failure, republished--> indexing.retry (direct) --"{delay}"--> {queue}.retry.{delay} (TTL = delay)
/// {queue}.retry.{delay} --dead-letter on expiry--> indexing.requeue (direct) --{queue}--> {queue}
/// after the last retry --republished--> {queue}.parking (no TTL; an operator replays or discards)
/// </code>
/// </summary>
public sealed class QueueTopology(ConsumerOptions options)
{
    public const string RetryExchange = "indexing.retry";
    public const string RequeueExchange = "indexing.requeue";
    public const string AttemptsHeader = "x-indexing-attempts";
    public const string ErrorHeader = "x-indexing-error";
    public const string ParkedAtHeader = "x-indexing-parked-at";

    public string Queue => options.Queue;

    public string ParkingQueue => options.Queue + ".parking";

    public IReadOnlyList<string> RetryQueues => options.RetryDelays.Select(RetryQueue).ToList();

    /// <summary>The routing key (and queue suffix) of a delay: "1s", "10s", "250ms".</summary>
    public static string DelayName(TimeSpan delay)
        => delay.Milliseconds == 0 && delay.TotalSeconds >= 1
            ? ((long)delay.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s"
            : ((long)delay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    public string RetryQueue(TimeSpan delay) => $"{options.Queue}.retry.{DelayName(delay)}";

    /// <summary>
    /// Declares everything on channels of its own (a refused declaration closes its channel). Queues are quorum
    /// queues: replicated on every node of a cluster, confirmed only once a majority holds a message, and
    /// dead-lettered at least once, so a retry waiting out its delay survives a node's loss. A classic queue of the
    /// same name, left by an earlier version, cannot change its type: it is used as it is, and said so.
    /// </summary>
    /// <returns>The queues that are still classic.</returns>
    public async Task<IReadOnlyList<string>> DeclareAsync(IConnection connection, CancellationToken cancellationToken)
    {
        var classic = new List<string>();
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            // The metadata service declares the same exchange the same way; whoever starts first creates it.
            await channel.ExchangeDeclareAsync(options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeDeclareAsync(RetryExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
            await channel.ExchangeDeclareAsync(RequeueExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        }

        await DeclareQueueAsync(connection, options.Queue, Quorum(), classic, cancellationToken);
        foreach (var delay in options.RetryDelays.Distinct())
        {
            await DeclareQueueAsync(connection, RetryQueue(delay), Quorum(new()
            {
                ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                ["x-dead-letter-exchange"] = RequeueExchange,
                ["x-dead-letter-routing-key"] = options.Queue,
                ["x-dead-letter-strategy"] = "at-least-once",
                // At-least-once dead-lettering needs publishers refused, not old messages dropped, when a queue is full.
                ["x-overflow"] = "reject-publish",
            }), classic, cancellationToken);
        }
        await DeclareQueueAsync(connection, ParkingQueue, Quorum(), classic, cancellationToken);

        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.QueueBindAsync(options.Queue, options.Exchange, options.BindingKey, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(options.Queue, RequeueExchange, options.Queue, cancellationToken: cancellationToken);
            foreach (var delay in options.RetryDelays.Distinct())
            {
                await channel.QueueBindAsync(RetryQueue(delay), RetryExchange, RetryRoutingKey(delay), cancellationToken: cancellationToken);
            }
        }
        return classic;
    }

    private static Dictionary<string, object?> Quorum(Dictionary<string, object?>? arguments = null)
    {
        arguments ??= [];
        arguments["x-queue-type"] = "quorum";
        return arguments;
    }

    private static async Task DeclareQueueAsync(IConnection connection, string queue, Dictionary<string, object?> arguments, List<string> classic,
        CancellationToken cancellationToken)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == Constants.PreconditionFailed)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
            classic.Add(queue);
        }
    }

    public string RetryRoutingKey(TimeSpan delay) => $"{options.Queue}.{DelayName(delay)}";
}
