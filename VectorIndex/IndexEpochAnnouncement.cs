using System.Text.Json;

namespace FitnessAssistant.VectorIndex;

/// <summary>
/// What the indexing service announces on Redis whenever the epoch moves (docs/indexing.md, "Index epoch"):
/// a PUBLISH on <see cref="Channel"/> with this record as JSON, and <see cref="Key"/> set to the epoch (never
/// lowered), so a cache that missed a message, or starts later, still reads the current epoch.
/// </summary>
public sealed record IndexEpochAnnouncement(long Epoch, string? ActiveVersion, EmbeddingModel? Model)
{
    public const string Channel = "fitness:vector-index:epoch";

    public const string Key = "fitness:vector-index:epoch";

    public string ToJson() => JsonSerializer.Serialize(this, JsonSerializerOptions.Web);

    public static IndexEpochAnnouncement? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<IndexEpochAnnouncement>(json, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
