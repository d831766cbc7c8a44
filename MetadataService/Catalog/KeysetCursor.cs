using System.Buffers.Text;
using System.Text;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Opaque keyset cursor: the lower-cased slug of the last item served, versioned and base64url-encoded. Paging
/// walks slugs because they never change: an exercise that exists for the whole walk is seen exactly once, even
/// while others are renamed, added or deleted.
/// </summary>
public static class KeysetCursor
{
    private const string Prefix = "s1:";

    public static string Encode(string lastSlug) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastSlug.ToLowerInvariant()));

    public static bool TryDecode(string? cursor, out string? afterSlug)
    {
        afterSlug = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && Slug.IsValid(text[Prefix.Length..]))
            {
                afterSlug = text[Prefix.Length..];
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}
