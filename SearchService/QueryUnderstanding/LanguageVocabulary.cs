using System.Text.Json;

namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Words of German, Spanish, French, Italian and Portuguese for the common muscles, equipment, categories and
/// exercises, each rewritten to its English form before anything else is read ("Kreuzheben" -> "deadlift",
/// "sentadillas con mancuernas" -> "squats with dumbbells"), so the English catalog answers them. The words are
/// data (<c>QueryUnderstanding/Languages/*.json</c>, embedded), reviewed like code but not code.
/// </summary>
public static class LanguageVocabulary
{
    private static readonly Lazy<(IReadOnlyList<KeyValuePair<string, string>> Rewrites, IReadOnlyDictionary<string, string[]> Languages)> Data = new(Load);

    /// <summary>Every phrase of every language with its English form.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Rewrites => Data.Value.Rewrites;

    /// <summary>
    /// The language most of the matched phrases belong to, or null when none matched or it is a tie. Phrases that
    /// only stand for request words ("für" -> "for") do not count: they are too short and shared to tell a language.
    /// </summary>
    public static string? Detect(IEnumerable<string> matchedPhrases)
    {
        var votes = matchedPhrases
            .Where(p => Data.Value.Languages.ContainsKey(p))
            .SelectMany(p => Data.Value.Languages[p])
            .GroupBy(l => l)
            .Select(g => (Language: g.Key, Count: g.Count()))
            .OrderByDescending(v => v.Count)
            .ToList();
        return votes.Count == 0 || (votes.Count > 1 && votes[0].Count == votes[1].Count) ? null : votes[0].Language;
    }

    private static (IReadOnlyList<KeyValuePair<string, string>>, IReadOnlyDictionary<string, string[]>) Load()
    {
        var assembly = typeof(LanguageVocabulary).Assembly;
        var rewrites = new List<KeyValuePair<string, string>>();
        var languages = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Languages.", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var file = JsonSerializer.Deserialize<LanguageFile>(stream, JsonSerializerOptions.Web)
                ?? throw new InvalidOperationException($"The language file {resource} is empty.");
            foreach (var (phrase, english) in file.Phrases)
            {
                var normalized = TextNormalizer.Normalize(phrase);
                rewrites.Add(KeyValuePair.Create(normalized, english));
                if (!TextNormalizer.Tokenize(english).All(StopWords.Contains))
                {
                    (languages.TryGetValue(normalized, out var list) ? list : languages[normalized] = []).Add(file.Language);
                }
            }
        }
        return (rewrites, languages.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal));
    }

    private sealed record LanguageFile(string Language, string Name, Dictionary<string, string> Phrases);
}
