using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>A received message, copied out of the client's buffers (they are only valid inside the callback).</summary>
public sealed record Delivery(ulong Tag, bool Redelivered, string RoutingKey, BasicProperties Properties, ReadOnlyMemory<byte> Body)
{
    public static Delivery From(BasicDeliverEventArgs args)
        => new(args.DeliveryTag, args.Redelivered, args.RoutingKey, new BasicProperties(args.BasicProperties), args.Body.ToArray());

    /// <summary>How many times handling this message has failed so far (our header, set on each retry).</summary>
    public int Attempts => Properties.Headers?.TryGetValue(QueueTopology.AttemptsHeader, out var value) == true
        ? value switch
        {
            int i => i,
            long l => (int)l,
            byte[] bytes when int.TryParse(System.Text.Encoding.UTF8.GetString(bytes), out var parsed) => parsed,
            _ => 0,
        }
        : 0;

    /// <summary>A header as text (AMQP long strings arrive as byte arrays).</summary>
    public string? Header(string name)
        => Properties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
                string text => text,
                null => null,
                var other => other.ToString(),
            }
            : null;
}
