using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Whether words occur in an exercise's name, compared as stems ("curls" finds "Curl", "push ups" "Push-Up" or "Pushups").</summary>
public static class NameMatch
{
    public static string[] Words(string text) => TextNormalizer.Tokenize(text).Select(Inflection.Stem).ToArray();

    /// <summary>
    /// Where in <paramref name="name"/> each of the word sequences occurs, as character spans of the name as
    /// written (a run of letters and digits is a word, as <see cref="TextNormalizer"/> splits it).
    /// </summary>
    public static IReadOnlyList<NameSpan> Spans(string name, IEnumerable<string[]> sequences)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(name, @"[\p{L}\p{Nd}]+")
            .Select(m => (m.Index, m.Length, Stem: Words(m.Value).FirstOrDefault() ?? ""))
            .ToArray();
        var stems = words.Select(w => w.Stem).ToArray();
        var covered = new bool[words.Length];
        foreach (var needle in sequences.Where(n => n.Length > 0))
        {
            for (var start = 0; start < words.Length; start++)
            {
                if (needle.Length > 1 && stems[start] == string.Concat(needle))
                {
                    covered[start] = true;
                }
                else if (start + needle.Length <= words.Length && stems.AsSpan(start, needle.Length).SequenceEqual(needle))
                {
                    Array.Fill(covered, true, start, needle.Length);
                }
            }
        }
        var spans = new List<NameSpan>();
        for (var i = 0; i < words.Length; i++)
        {
            if (!covered[i])
            {
                continue;
            }
            var last = i;
            while (last + 1 < words.Length && covered[last + 1])
            {
                last++;
            }
            spans.Add(new NameSpan(words[i].Index, words[last].Index + words[last].Length - words[i].Index));
            i = last;
        }
        return spans;
    }

    public static bool Contains(string[] haystack, string[] needle)
    {
        if (needle.Length == 0)
        {
            return false;
        }
        if (needle.Length > 1 && haystack.Contains(string.Concat(needle)))
        {
            return true;
        }
        for (var start = 0; start + needle.Length <= haystack.Length; start++)
        {
            if (haystack.AsSpan(start, needle.Length).SequenceEqual(needle))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>A part of an exercise's name that matched the query: <see cref="Length"/> characters from <see cref="Start"/>.</summary>
public sealed record NameSpan(int Start, int Length);
