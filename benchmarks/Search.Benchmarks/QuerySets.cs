using System.Text.Json;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// What the load runs send: the dev queries and the held-out queries (the texts people type), replayed for cache
/// hits; for misses, each of them with a filter and a request phrasing ("show me ...") no search has used, so
/// neither the result cache nor the embedding cache has seen it under the current epoch, while the keyword
/// search does the same work (request words are not keywords).
/// </summary>
public static class QuerySets
{
    private static readonly (string Field, string Value)[] Filters =
    [
        ("level", "beginner"), ("level", "intermediate"), ("level", "expert"), ("category", "strength"),
        ("category", "stretching"), ("equipment", "body only"), ("equipment", "dumbbell"), ("equipment", "barbell"),
        ("mechanic", "compound"), ("mechanic", "isolation"), ("force", "push"), ("force", "pull"),
    ];

    private static readonly string[] Phrasings =
    [
        "{0}", "show me {0}", "find {0}", "please find {0}", "i want {0}", "give me some {0}", "best {0}", "some good {0}",
        "{0} please", "show me the best {0}",
    ];

    public static IReadOnlyList<string> Texts(IEnumerable<string> files)
        => [.. files.SelectMany(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.EnumerateArray())
            .Select(q => q.GetProperty("query").GetString()!).Distinct()];

    /// <summary>Query strings (after <c>?</c>) that repeat <paramref name="texts"/> round after round.</summary>
    public static IReadOnlyList<string> Repeated(IReadOnlyList<string> texts, int count)
        => [.. Enumerable.Range(0, count).Select(i => Query(texts[i % texts.Count]))];

    /// <summary>
    /// Query strings no search has sent before: combination <paramref name="first"/> onwards of text x filter x
    /// phrasing, so runs given disjoint ranges never repeat each other.
    /// </summary>
    public static IReadOnlyList<string> Unseen(IReadOnlyList<string> texts, int first, int count)
    {
        var combinations = texts.Count * Filters.Length * Phrasings.Length;
        if (first + count > combinations)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Only {combinations} distinct uncached searches exist.");
        }
        return [.. Enumerable.Range(first, count).Select(i =>
        {
            var text = texts[i % texts.Count];
            var (field, value) = Filters[i / texts.Count % Filters.Length];
            var phrasing = Phrasings[i / (texts.Count * Filters.Length)];
            return Query(string.Format(phrasing, text)) + $"&{field}={Uri.EscapeDataString(value)}";
        })];
    }

    private static string Query(string text) => $"q={Uri.EscapeDataString(text)}&limit=20";
}
