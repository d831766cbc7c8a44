using System.Globalization;
using RabbitMQ.Client;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>
/// The consumer's RabbitMQ objects, all durable and declared idempotently at every connect:
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

    public async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken)
    {
        // The metadata service declares the same exchange the same way; whoever starts first creates it.
        await channel.ExchangeDeclareAsync(options.Exchange, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(RetryExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(RequeueExchange, ExchangeType.Direct, durable: true, autoDelete: false, cancellationToken: cancellationToken);

        await channel.QueueDeclareAsync(options.Queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(options.Queue, options.Exchange, options.BindingKey, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(options.Queue, RequeueExchange, options.Queue, cancellationToken: cancellationToken);

        foreach (var delay in options.RetryDelays.Distinct())
        {
            var queue = RetryQueue(delay);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?>
            {
                ["x-message-ttl"] = (long)delay.TotalMilliseconds,
                ["x-dead-letter-exchange"] = RequeueExchange,
                ["x-dead-letter-routing-key"] = options.Queue,
            }, cancellationToken: cancellationToken);
            await channel.QueueBindAsync(queue, RetryExchange, $"{options.Queue}.{DelayName(delay)}", cancellationToken: cancellationToken);
        }
        await channel.QueueDeclareAsync(ParkingQueue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
    }

    public string RetryRoutingKey(TimeSpan delay) => $"{options.Queue}.{DelayName(delay)}";
}
