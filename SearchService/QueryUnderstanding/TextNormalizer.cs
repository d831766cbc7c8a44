using System.Text;

namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Folds what people type into comparable tokens: lower case, accents removed, punctuation and hyphens turned
/// into word breaks ("Press-Ups!" -> "press ups"), apostrophes dropped ("farmer's" -> "farmers").
/// </summary>
/// <remarks>
/// The services run with invariant globalization, where <see cref="string.Normalize()"/> does not decompose
/// accents, so the few Latin letters people actually type with accents are folded by hand.
/// </remarks>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var raw in text)
        {
            if (raw is '\'' or '\u2019' or '\u2018')
            {
                continue;
            }
            var folded = Fold(char.ToLowerInvariant(raw));
            if (folded is null)
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(folded);
        }
        return builder.ToString();
    }

    public static IReadOnlyList<string> Tokenize(string text)
        => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The letters or digits a character stands for, or null for a word break.</summary>
    private static string? Fold(char c)
    {
        if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
        {
            return c.ToString();
        }
        return c switch
        {
            'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'ā' => "a",
            'ç' or 'č' or 'ć' => "c",
            'è' or 'é' or 'ê' or 'ë' or 'ē' or 'ę' => "e",
            'ì' or 'í' or 'î' or 'ï' or 'ī' => "i",
            'ñ' or 'ń' => "n",
            'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ø' or 'ō' => "o",
            'ù' or 'ú' or 'û' or 'ü' or 'ū' => "u",
            'ý' or 'ÿ' => "y",
            'ž' or 'ź' or 'ż' => "z",
            'š' or 'ś' => "s",
            'ł' => "l",
            'ß' => "ss",
            'æ' => "ae",
            'œ' => "oe",
            _ when char.IsLetter(c) => c.ToString(),
            _ => null,
        };
    }
}
