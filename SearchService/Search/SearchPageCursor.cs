using System.Buffers.Text;
using System.Text;

namespace FitnessAssistant.SearchService.Search;

/// <summary>
/// The opaque paging cursor: where the next page starts and which search it belongs to (the fingerprint of its
/// normalised query and filters), so a cursor replayed with another query is refused rather than misread.
/// </summary>
public static class SearchPageCursor
{
    private const string Version = "c1";

    public static string Encode(int offset, string fingerprint)
        => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Version}.{offset}.{fingerprint}"));

    public static bool TryDecode(string cursor, out int offset, out string fingerprint)
    {
        offset = 0;
        fingerprint = "";
        if (cursor.Length > 200 || !Base64Url.IsValid(cursor))
        {
            return false;
        }
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            return false;
        }
        var parts = text.Split('.');
        if (parts.Length != 3 || parts[0] != Version || !int.TryParse(parts[1], out offset) || offset < 0 || parts[2].Length == 0)
        {
            return false;
        }
        fingerprint = parts[2];
        return true;
    }
}
