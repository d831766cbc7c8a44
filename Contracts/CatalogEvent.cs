using System.Text.Json;

namespace FitnessAssistant.Contracts;

/// <summary>
/// One catalog change as the metadata outbox publishes it to the <c>catalog.events</c> exchange and the indexing
/// service consumes it (docs/metadata.md, "Catalog events"): the message body, JSON with camelCase names.
/// <paramref name="Type"/> is one of <see cref="CatalogEventTypes"/> and also the routing key;
/// <paramref name="OccurredAt"/> is UTC, written with a trailing <c>Z</c>.
/// </summary>
public sealed record CatalogEvent(Guid EventId, string Type, string ExerciseId, long RowVersion, DateTime OccurredAt)
{
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, JsonSerializerOptions.Web);

    /// <summary>The body as a record; nothing is checked beyond JSON syntax (the consumer decides what it accepts).</summary>
    /// <exception cref="JsonException">The body is not JSON of this shape.</exception>
    public static CatalogEvent? FromJson(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<CatalogEvent>(json, JsonSerializerOptions.Web);
}
