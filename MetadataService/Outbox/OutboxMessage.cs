namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>One pending row of the <c>outbox</c> table.</summary>
public sealed class OutboxMessage
{
    public long Position { get; set; }
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public string ExerciseId { get; set; } = "";
    public long RowVersion { get; set; }
    public string? Traceparent { get; set; }
    public string? Tracestate { get; set; }
    public DateTime OccurredAt { get; set; }
}

/// <summary>The JSON body of a catalog event (the contract in docs/metadata.md).</summary>
public sealed record CatalogEvent(Guid EventId, string Type, string ExerciseId, long RowVersion, DateTime OccurredAt);
