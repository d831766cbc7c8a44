namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>The event types of the catalog contract; also the RabbitMQ routing keys (docs/metadata.md).</summary>
public static class CatalogEventTypes
{
    public const string Upserted = "exercise.upserted";
    public const string Deleted = "exercise.deleted";
}
