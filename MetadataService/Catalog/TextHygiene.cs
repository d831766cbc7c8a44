namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Characters no catalog text may hold: PostgreSQL refuses NUL in text (22021) and UTF-8 cannot encode an unpaired
/// surrogate, so either would fail the write as a 500; other control characters have no meaning in a name and would
/// reach every client that shows it. Line breaks and tabs are allowed where text may run over several lines.
/// </summary>
public static class TextHygiene
{
    /// <summary>Why <paramref name="text"/> cannot be stored, or null if it can.</summary>
    public static string? Problem(string text, bool multiline = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return $"It holds an unpaired surrogate (U+{(int)c:X4}) at position {i}: send valid Unicode text.";
            }
            if (c == '\0')
            {
                return $"It holds a NUL character (U+0000) at position {i}, which cannot be stored.";
            }
            if (char.IsControl(c) && !(c is '\n' or '\r' or '\t' && multiline))
            {
                return $"It holds the control character U+{(int)c:X4} at position {i}; {(multiline ? "only line breaks and tabs are" : "none is")} allowed.";
            }
        }
        return null;
    }
}
