namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// The words that ask for exercises related to one the query names: substitutes ("swap for", "alternative to"),
/// easier or harder variants ("regression", "harder than"), and equipment that is taken ("the cables are taken").
/// They are known words, so spelling correction leaves them alone ("alternative" is not "alternating").
/// </summary>
public static class RelatedRequestVocabulary
{
    public static IReadOnlyList<string[]> Easier { get; } = Phrases(
        "easier", "regression", "regressions", "regress", "step down from", "too hard", "too difficult", "less difficult");

    public static IReadOnlyList<string[]> Harder { get; } = Phrases(
        "harder", "progression", "progressions", "progress from", "level up from", "next step after", "more difficult",
        "more challenging", "too easy", "step up from");

    public static IReadOnlyList<string[]> Substitutes { get; } = Phrases(
        "swap", "swaps", "substitute", "substitutes", "substitution", "replacement", "replacements", "replace", "alternative to",
        "alternatives to", "alternative for", "alternatives for", "instead of", "similar to", "something like", "exercise like",
        "exercises like", "in place of");

    public static IReadOnlyList<string[]> Taken { get; } = Phrases(
        "taken", "busy", "occupied", "in use", "unavailable", "not available", "broken", "being used");

    public static IEnumerable<string> Words => Easier.Concat(Harder).Concat(Substitutes).Concat(Taken).SelectMany(p => p).Distinct();

    /// <summary>Longest first, so "instead of" is found before a shorter phrase inside it.</summary>
    private static string[][] Phrases(params string[] phrases) => [.. phrases.Select(p => p.Split(' ')).OrderByDescending(p => p.Length)];
}
