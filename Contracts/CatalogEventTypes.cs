namespace FitnessAssistant.Contracts;

/// <summary>The types of <see cref="CatalogEvent"/>; also the RabbitMQ routing keys (docs/metadata.md).</summary>
public static class CatalogEventTypes
{
    public const string Upserted = "exercise.upserted";
    public const string Deleted = "exercise.deleted";
}
