namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// A RabbitMQ connection string: one amqp URI, or one per node of a cluster, comma-separated, as the AppHost writes
/// them. User, password and virtual host are the same on every node; a client connects to the first node that
/// answers, so a stopped node costs a reconnect, not the broker.
/// </summary>
public static class BrokerConnectionString
{
    /// <exception cref="FormatException">The string holds no URI, or one that is not an absolute amqp URI.</exception>
    public static IReadOnlyList<Uri> Nodes(string connectionString)
    {
        var nodes = connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"
                ? uri
                : throw new FormatException($"'{Redacted(text)}' is not an amqp:// URI"))
            .ToList();
        return nodes.Count > 0 ? nodes : throw new FormatException("the broker connection string names no node");
    }

    private static string Redacted(string text) => text.Contains('@') ? "…@" + text[(text.LastIndexOf('@') + 1)..] : text;
}
