using System.Buffers;

namespace FitnessAssistant.MetadataService.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> request header of admin creates and updates. Keys are shared by every client of the
/// catalog, so they must be long enough to be unique by chance (a UUID is); the characters are those of UUIDs,
/// base64 and base64url, so a key never needs escaping in logs or problem details. The quoted form of the IETF
/// draft (a structured-field string, <c>"…"</c>) is accepted too.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    /// <summary>Response header of an answer that repeats a first outcome instead of writing.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public const int MinLength = 16;
    public const int MaxLength = 128;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:+/=");

    /// <summary>
    /// The key (null without the header), or why the header is not a usable key. Repeated headers arrive joined
    /// by commas, which no key may hold.
    /// </summary>
    public static (string? Key, string? Error) Read(string? header)
    {
        if (header is null)
        {
            return (null, null);
        }
        var key = header;
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }
        if (key.Length is < MinLength or > MaxLength)
        {
            return (null, $"{Header} must be {MinLength} to {MaxLength} characters long (got {key.Length}); a UUID is a good key.");
        }
        if (key.AsSpan().IndexOfAnyExcept(Allowed) is var bad and >= 0)
        {
            return (null, $"{Header} may hold only letters, digits and - _ . : + / = (character {bad + 1} is not one of them).");
        }
        return (key, null);
    }
}
