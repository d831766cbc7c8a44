namespace FitnessAssistant.IndexingService.Events;

/// <summary>One catalog change as the metadata outbox publishes it (docs/metadata.md, "Catalog events").</summary>
public sealed record CatalogEvent(
    Guid EventId,
    CatalogChange Change,
    string ExerciseId,
    long RowVersion,
    DateTimeOffset OccurredAt,
    string? TraceParent,
    string? TraceState);

public enum CatalogChange
{
    Upserted,
    Deleted,
}
