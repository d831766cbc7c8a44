using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Search;

/// <summary>
/// A keyword query cut into words, each with the alternative spellings that should count as that word: the
/// vocabulary's canonical value for a synonym or misspelling ("abs" also means "abdominals"), and the joined and
/// hyphenated forms of neighbouring words ("press ups" also means "press-ups" and "pressups"), since people split
/// and join exercise names freely. Spelling correction against the catalog's own words happens in SQL.
/// </summary>
public sealed partial record KeywordQuery(string Text, IReadOnlyList<KeywordQuery.Word> Words)
{
    public const int MaxLength = 256;
    public const int MaxWords = 24;

    /// <param name="Token">What the user typed, lower-cased and without accents.</param>
    /// <param name="Alternatives">Other forms that match for this word (never including <paramref name="Token"/>).</param>
    public sealed record Word(string Token, IReadOnlyList<string> Alternatives);

    public static KeywordQuery Parse(string text, CatalogVocabulary vocabulary)
    {
        var normalised = Fold(text);
        var tokens = Token().Matches(normalised).Select(m => m.Value).Take(MaxWords).ToList();
        var alternatives = tokens.Select(_ => new List<string>()).ToList();

        var synonyms = vocabulary.SurfaceForms;
        for (var start = 0; start < tokens.Count; start++)
        {
            // Phrases of up to three words ("back of thigh", "no equipment"), longest first.
            for (var length = Math.Min(3, tokens.Count - start); length >= 1; length--)
            {
                var phrase = string.Join(' ', tokens.Skip(start).Take(length));
                if (synonyms.TryGetValue(phrase, out var canonical))
                {
                    foreach (var i in Enumerable.Range(start, length))
                    {
                        alternatives[i].AddRange(canonical.Where(c => c != phrase).SelectMany(c => c.Split(' ')).Where(c => c != tokens[i]));
                    }
                    break;
                }
            }
            if (start + 1 < tokens.Count)
            {
                foreach (var joined in (string[])[$"{tokens[start]}-{tokens[start + 1]}", tokens[start] + tokens[start + 1]])
                {
                    alternatives[start].Add(joined);
                    alternatives[start + 1].Add(joined);
                }
            }
        }
        return new KeywordQuery(string.Join(' ', tokens),
            [.. tokens.Select((token, i) => new Word(token, [.. alternatives[i].Distinct()]))]);
    }

    /// <summary>Lower case, accents removed (é → e), so "Crunché" and "crunche" meet the same lexicon.</summary>
    public static string Fold(string text)
    {
        var trimmed = text.Length > MaxLength ? text[..MaxLength] : text;
        // Normalize throws on an unpaired surrogate (a cut pair or a client's broken text): it is no letter anyway.
        if (trimmed.Any(char.IsSurrogate))
        {
            trimmed = string.Concat(trimmed.EnumerateRunes().Select(r => r.ToString()));
        }
        var builder = new StringBuilder(trimmed.Length);
        foreach (var c in trimmed.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Token();
}
