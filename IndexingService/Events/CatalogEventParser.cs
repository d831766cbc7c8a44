using System.Text;
using System.Text.Json;

namespace FitnessAssistant.IndexingService.Events;

/// <summary>
/// Reads a catalog event from an AMQP message: the JSON body is the contract; headers carry the trace context
/// (AMQP long strings arrive as byte arrays).
/// </summary>
public static class CatalogEventParser
{
    public const string Upserted = "exercise.upserted";
    public const string Deleted = "exercise.deleted";

    /// <summary>The event, or null with the reason it is not one (a poison message).</summary>
    public static CatalogEvent? Parse(ReadOnlySpan<byte> body, IDictionary<string, object?>? headers, out string? error)
    {
        Body? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Body>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            error = $"body is not a catalog event: {ex.Message}";
            return null;
        }
        error = parsed switch
        {
            null => "body is empty",
            { EventId: var id } when id == Guid.Empty => "eventId is missing",
            { Type: not (Upserted or Deleted) } => $"type '{parsed.Type}' is not {Upserted} or {Deleted}",
            { ExerciseId: null or "" } => "exerciseId is missing",
            { ExerciseId.Length: > 200 } => "exerciseId is longer than 200 characters",
            { RowVersion: <= 0 } => "rowVersion must be positive",
            _ => null,
        };
        if (error is not null)
        {
            return null;
        }
        return new CatalogEvent(
            parsed!.EventId,
            parsed.Type == Upserted ? CatalogChange.Upserted : CatalogChange.Deleted,
            parsed.ExerciseId!,
            parsed.RowVersion,
            parsed.OccurredAt ?? DateTimeOffset.UtcNow,
            Header(headers, "traceparent"),
            Header(headers, "tracestate"));
    }

    public static string? Header(IDictionary<string, object?>? headers, string name)
        => headers is not null && headers.TryGetValue(name, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                null => null,
                var other => other.ToString(),
            }
            : null;

    private sealed record Body(Guid EventId, string? Type, string? ExerciseId, long RowVersion, DateTimeOffset? OccurredAt);
}
