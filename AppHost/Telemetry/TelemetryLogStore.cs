using FitnessAssistant.AppHost.Telemetry.Otlp;

namespace FitnessAssistant.AppHost.Telemetry;

/// <summary>
/// Recent log records received over OTLP. Unlike the console output the dashboard tails, each carries its trace and
/// span id as fields, so a trace's view can list the log lines written while serving it.
/// </summary>
public sealed class TelemetryLogStore
{
    public const int Capacity = 20_000;

    private readonly Lock _gate = new();
    private readonly Queue<TelemetryLogRecord> _records = new();

    public void Add(ExportLogsServiceRequest request)
    {
        lock (_gate)
        {
            foreach (var resourceLogs in request.ResourceLogs)
            {
                var (service, instance) = OtlpConversions.Identity(resourceLogs.Resource);
                foreach (var scopeLogs in resourceLogs.ScopeLogs)
                {
                    foreach (var record in scopeLogs.LogRecords)
                    {
                        _records.Enqueue(new TelemetryLogRecord(
                            (long)(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano),
                            service, instance, scopeLogs.Scope?.Name ?? "",
                            string.IsNullOrEmpty(record.SeverityText) ? SeverityName(record.SeverityNumber) : record.SeverityText,
                            OtlpConversions.Text(record.Body),
                            record.TraceId.Length == 16 ? OtlpConversions.Hex(record.TraceId) : null,
                            record.SpanId.Length == 8 ? OtlpConversions.Hex(record.SpanId) : null));
                        if (_records.Count > Capacity)
                        {
                            _records.Dequeue();
                        }
                    }
                }
            }
        }
    }

    public IReadOnlyList<TelemetryLogRecord> ForTrace(string traceId)
    {
        lock (_gate)
        {
            return [.. _records.Where(record => record.TraceId == traceId).OrderBy(record => record.TimeUnixNano)];
        }
    }

    /// <summary>OTLP severity numbers: 1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal.</summary>
    private static string SeverityName(int number) => number switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "",
    };
}

public sealed record TelemetryLogRecord(
    long TimeUnixNano, string Service, string Instance, string Category, string Severity, string Message, string? TraceId, string? SpanId);
