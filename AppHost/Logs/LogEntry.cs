namespace FitnessAssistant.AppHost.Logs;

/// <summary>One line of a resource's output, parsed when it is a service's JSON log line.</summary>
/// <param name="Sequence">Increases across all resources; a client asks for what came after the last one it saw.</param>
/// <param name="Level">trace, debug, info, warn, error, crit; empty when a server's raw line says nothing recognisable.</param>
public sealed record LogEntry(
    long Sequence,
    string Resource,
    DateTimeOffset Timestamp,
    string Level,
    string? Category,
    string Message,
    string? Exception,
    string? TraceId);
