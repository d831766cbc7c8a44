namespace FitnessAssistant.AppHost.Credentials;

/// <summary>
/// A RabbitMQ user's permissions on the vhost: regular expressions over exchange and queue names, per kind of
/// operation. <see cref="Configure"/>: declare and delete; <see cref="Write"/>: publish to an exchange, bind a queue;
/// <see cref="Read"/>: consume or get from a queue, bind from an exchange. <c>^$</c> matches nothing. The names are
/// the services' defaults (<c>Outbox:Exchange</c>, <c>Consumer:Exchange</c>, <c>Consumer:Queue</c>).
/// </summary>
public sealed record RabbitMqPermissions(string Configure, string Write, string Read)
{
    private const string CatalogEvents = @"catalog\.events";

    // The consumer's queue (indexing.catalog-changes), its retry and parking queues and its two exchanges.
    private const string IndexingObjects = @"indexing\..+";

    /// <summary>
    /// MetadataService's outbox relay: declares the catalog events exchange and publishes to it; reads nothing, so it
    /// cannot take messages off any queue.
    /// </summary>
    public static RabbitMqPermissions CatalogEventsPublisher { get; } = new($"^{CatalogEvents}$", $"^{CatalogEvents}$", "^$");

    /// <summary>
    /// IndexingService's consumer: declares the catalog events exchange too (whoever starts first creates it) and its
    /// own queues and exchanges, binds its queue to the catalog events, consumes, and republishes failed messages to
    /// its retry exchange and (through the default exchange) its parking queue. It cannot publish catalog events.
    /// </summary>
    public static RabbitMqPermissions CatalogEventsConsumer { get; } = new(
        $"^({CatalogEvents}|{IndexingObjects})$", $@"^({IndexingObjects}|amq\.default)$", $"^({CatalogEvents}|{IndexingObjects})$");
}
