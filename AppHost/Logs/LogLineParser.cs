using System.Text.Json;
using System.Text.RegularExpressions;

namespace FitnessAssistant.AppHost.Logs;

/// <summary>
/// Reads a line of a resource's output: services write ServiceDefaults' JSON console format (one object per line with
/// LogLevel, Category, Message, Exception and scopes carrying TraceId); servers write plain text, whose level is
/// guessed from the usual markers (PostgreSQL's "ERROR:", RabbitMQ's "[error]", Redis' "#").
/// </summary>
public static partial class LogLineParser
{
    public static LogEntry Parse(long sequence, string resource, string line, DateTimeOffset received)
    {
        // RabbitMQ colours its console output even into a file; the escape codes mean nothing on a web page.
        line = AnsiEscape().Replace(line, "");
        if (line.StartsWith('{'))
        {
            try
            {
                return ParseJson(sequence, resource, line, received);
            }
            catch (JsonException)
            {
            }
        }
        return new LogEntry(sequence, resource, received, GuessLevel(line), null, line, null, null);
    }

    private static LogEntry ParseJson(long sequence, string resource, string line, DateTimeOffset received)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        var timestamp = DateTimeOffset.TryParse(Text("Timestamp"), out var parsed) ? parsed : received;
        string? traceId = null;
        if (root.TryGetProperty("Scopes", out var scopes) && scopes.ValueKind == JsonValueKind.Array)
        {
            foreach (var scope in scopes.EnumerateArray())
            {
                if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    traceId = id.GetString();
                }
            }
        }
        return new LogEntry(sequence, resource, timestamp, ShortLevel(Text("LogLevel")), Text("Category"),
            Text("Message") ?? line, Text("Exception"), traceId);
    }

    private static string ShortLevel(string? level) => level switch
    {
        "Trace" => "trace",
        "Debug" => "debug",
        "Information" => "info",
        "Warning" => "warn",
        "Error" => "error",
        "Critical" => "crit",
        _ => "",
    };

    private static string GuessLevel(string line)
    {
        if (line.Contains("FATAL:", StringComparison.Ordinal) || line.Contains("PANIC:", StringComparison.Ordinal)
            || line.Contains("[critical]", StringComparison.OrdinalIgnoreCase))
        {
            return "crit";
        }
        if (line.Contains("ERROR:", StringComparison.Ordinal) || line.Contains("[error]", StringComparison.OrdinalIgnoreCase))
        {
            return "error";
        }
        if (line.Contains("WARNING:", StringComparison.Ordinal) || line.Contains("[warning]", StringComparison.OrdinalIgnoreCase)
            || line.Contains(" # ", StringComparison.Ordinal))
        {
            return "warn";
        }
        return "";
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();
}
