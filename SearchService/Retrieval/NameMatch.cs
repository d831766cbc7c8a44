using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Whether words occur in an exercise's name, compared as stems ("curls" finds "Curl", "push ups" "Push-Up" or "Pushups").</summary>
public static class NameMatch
{
    public static string[] Words(string text) => TextNormalizer.Tokenize(text).Select(Inflection.Stem).ToArray();

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
