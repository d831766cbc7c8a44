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
