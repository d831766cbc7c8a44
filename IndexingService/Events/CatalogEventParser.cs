using System.Text.Json;
using FitnessAssistant.Contracts;

namespace FitnessAssistant.IndexingService.Events;

/// <summary>Reads a catalog event from a message body and checks it against the contract (<see cref="CatalogEvent"/>).</summary>
public static class CatalogEventParser
{
    /// <summary>The event, or null with the reason it is not one (a poison message).</summary>
    public static CatalogEvent? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        CatalogEvent? parsed;
        try
        {
            parsed = CatalogEvent.FromJson(body);
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
            { Type: not (CatalogEventTypes.Upserted or CatalogEventTypes.Deleted) } => $"type '{parsed.Type}' is not {CatalogEventTypes.Upserted} or {CatalogEventTypes.Deleted}",
            { ExerciseId: null or "" } => "exerciseId is missing",
            { ExerciseId.Length: > 200 } => "exerciseId is longer than 200 characters",
            { RowVersion: <= 0 } => "rowVersion must be positive",
            _ => null,
        };
        if (error is not null)
        {
            return null;
        }
        // Without a time of change the lag metric counts from receipt.
        return parsed! with { OccurredAt = parsed.OccurredAt == default ? DateTime.UtcNow : parsed.OccurredAt.ToUniversalTime() };
    }
}
