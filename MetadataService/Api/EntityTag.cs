using System.Globalization;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>
/// Strong entity tags carrying the row version (<c>"42"</c>). The row version changes on every write, so the
/// tag identifies one exact representation.
/// </summary>
public static class EntityTag
{
    public static string For(long rowVersion) => $"\"{rowVersion.ToString(CultureInfo.InvariantCulture)}\"";

    public enum Precondition
    {
        Missing,
        Malformed,
        Any,
        Version,
    }

    /// <summary>Reads If-Match: a single strong tag of ours, or <c>*</c>. Weak tags never match for a write (RFC 9110 13.1.1).</summary>
    public static (Precondition Kind, long Version) ParseIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return (Precondition.Missing, 0);
        }
        if (header == "*")
        {
            return (Precondition.Any, 0);
        }
        if (header.Length > 2 && header[0] == '"' && header[^1] == '"'
            && long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return (Precondition.Version, version);
        }
        return (Precondition.Malformed, 0);
    }

    public static bool IfNoneMatchHits(HttpRequest request, long rowVersion)
    {
        var header = request.Headers.IfNoneMatch.ToString();
        if (header.Length == 0)
        {
            return false;
        }
        var tag = For(rowVersion);
        // If-None-Match uses weak comparison: W/"42" matches "42".
        return header.Split(',').Select(t => t.Trim()).Any(t => t == "*" || t == tag || t == "W/" + tag);
    }
}
