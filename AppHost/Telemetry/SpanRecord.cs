namespace FitnessAssistant.AppHost.Telemetry;

/// <summary>One span as the dashboard keeps it: ids in hex, the emitting service, times in Unix nanoseconds.</summary>
public sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Service,
    string Instance,
    string Scope,
    long StartUnixNano,
    long EndUnixNano,
    string Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEventRecord> Events)
{
    public double DurationMs => Math.Max(0, EndUnixNano - StartUnixNano) / 1e6;

    public bool IsError => Status == "error";
}

public sealed record SpanEventRecord(long TimeUnixNano, string Name, IReadOnlyDictionary<string, string> Attributes);
