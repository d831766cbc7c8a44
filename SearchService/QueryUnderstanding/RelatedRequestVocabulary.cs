namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// The words that ask for exercises related to one the query names: substitutes ("swap for", "alternative to"),
/// easier or harder variants ("regression", "harder than", "step down from", "tougher"), and equipment that is
/// taken ("the cables are taken"). Phrases of the normalised text (apostrophes dropped: "can't" is "cant"); a
/// phrase is a cue only with an exercise named beside it, so a cue word in an ordinary query changes nothing.
/// They are known words, so spelling correction leaves them alone ("alternative" is not "alternating").
/// </summary>
public static class RelatedRequestVocabulary
{
    // A regression in the words people use for it: easier, simpler, scaled down, a step down; building up to an
    // exercise one cannot do yet ("can't do pull-ups", "work up to a muscle up") asks for its easier steps too.
    public static IReadOnlyList<string[]> Easier { get; } = Phrases(
        "easier", "easiest", "simpler", "gentler", "regression", "regressions", "regress", "regressed", "regressing",
        "step down from", "step down for", "a step down", "scale down", "scaled down", "scale back", "scaled back",
        "too hard", "too difficult", "too heavy", "less difficult", "less intense", "less demanding",
        "less advanced", "more basic", "beginner version", "beginner friendly version", "cant do", "cannot do",
        "unable to do", "struggle with", "struggling with", "build up to", "building up to", "work up to",
        "working up to", "work towards", "working towards", "lead up to", "leading up to");

    // A progression: harder, tougher, more advanced, the next step, a step up; "too easy" and "mastered" say the
    // exercise is no longer enough.
    public static IReadOnlyList<string[]> Harder { get; } = Phrases(
        "harder", "hardest", "tougher", "progression", "progressions", "progress", "progress from", "progressed",
        "progressing", "level up from", "next step after", "next after", "next level", "more difficult",
        "more challenging", "more intense", "more demanding", "more advanced", "advanced version", "too easy",
        "step up from", "step up for", "a step up", "mastered", "after mastering");

    public static IReadOnlyList<string[]> Substitutes { get; } = Phrases(
        "swap", "swaps", "substitute", "substitutes", "substitution", "replacement", "replacements", "replace",
        "alternative", "alternatives", "alternative to", "alternatives to", "alternative for", "alternatives for",
        "instead of", "in lieu of", "similar to", "something like", "exercise like",
        "exercises like", "in place of", "equivalent to", "comparable to");

    public static IReadOnlyList<string[]> Taken { get; } = Phrases(
        "taken", "busy", "occupied", "in use", "unavailable", "not available", "broken", "being used");

    public static IEnumerable<string> Words => Easier.Concat(Harder).Concat(Substitutes).Concat(Taken).SelectMany(p => p).Distinct();

    /// <summary>Longest first, so "instead of" is found before a shorter phrase inside it.</summary>
    private static string[][] Phrases(params string[] phrases) => [.. phrases.Select(p => p.Split(' ')).OrderByDescending(p => p.Length)];
}
