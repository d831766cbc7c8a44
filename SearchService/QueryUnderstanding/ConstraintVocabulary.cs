namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// The words that turn a query's facets and movements into conditions: negations ("without", "don't need",
/// "except"), ownership ("all I've got is", "I only have") and reasons that stand for an exclusion ("quiet" means
/// no jumping). Phrases are normalized as <see cref="TextNormalizer"/> does ("don't" -> "dont").
/// </summary>
public static class ConstraintVocabulary
{
    /// <summary>A negation applies to what follows it, up to the first thing it names (and whatever "and"/"or" joins to that).</summary>
    public static IReadOnlyList<string> NegationCues { get; } =
    [
        "without", "no", "not", "never", "minus", "except", "except for", "excluding", "exclude", "excludes", "avoid",
        "avoiding", "skip", "skipping", "isnt", "arent", "wasnt", "dont", "doesnt", "do not", "does not", "cant", "cannot",
        "can not", "nothing", "nothing with", "nothing involving", "anything but", "other than", "free of", "no more",
        "not using", "without using", "no need for", "instead of",
    ];

    /// <summary>
    /// Words that say the equipment named in the query is all there is: then only exercises needing that
    /// equipment (or none named by the query) are results.
    /// </summary>
    public static IReadOnlyList<string> OwnershipCues { get; } =
    [
        "all ive got", "all i got", "all i have", "all i own", "ive got", "i have", "i got", "i own", "got only", "have only",
        "only", "just", "nothing but", "limited to", "home gym", "available", "at my disposal",
    ];

    /// <summary>Words inside a negation's scope that neither end it nor are negated ("without <b>a</b> machine", "don't <b>need</b> a bar").</summary>
    public static IReadOnlySet<string> ScopeFillers { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "the", "any", "on", "with", "using", "use", "need", "needs", "needing", "require", "requires", "requiring",
        "involve", "involves", "involving", "have", "has", "want", "too", "very", "so", "much", "my", "of", "in", "it",
        "them", "that", "like", "own", "do", "doing", "done", "performed", "go", "allowed", "stuff", "things", "exercises",
        "exercise", "work",
    };

    /// <summary>Words that carry a negation's scope on to the next thing ("no dumbbells <b>or</b> barbells").</summary>
    public static IReadOnlySet<string> ScopeJoiners { get; } = new HashSet<string>(StringComparer.Ordinal) { "and", "or", "nor", "neither" };

    /// <summary>Names of jumping movements: what "quiet", "low impact" and "no jumps" leave out besides the plyometrics category.</summary>
    public static IReadOnlyList<string> JumpingNames { get; } = ["jump", "hop", "bound", "skip", "burpee"];

    /// <summary>Reasons that stand for conditions whether or not they are negated ("quiet enough for an apartment").</summary>
    public static IReadOnlyList<ConstraintReason> Reasons { get; } =
    [
        new(["quiet", "quietly", "silent", "apartment", "apartments", "neighbour", "neighbours", "neighbor", "neighbors",
            "downstairs", "low impact", "no impact", "joint friendly", "no noise"],
            "quiet or low impact: no jumping",
            ExcludedCategories: ["plyometrics"], ExcludedNames: JumpingNames),
        // Not bare "sitting": "after sitting at a desk all day" gives a reason for a stretch, not a position for it.
        new(["seated", "while sitting", "sitting down", "in a chair", "from a chair", "on a chair", "chair", "wheelchair"],
            "seated",
            RequiredNames: ["seated"]),
    ];

    /// <summary>Things that, negated, stand for conditions on the name ("no floor work": nothing done lying on the floor).</summary>
    public static IReadOnlyList<ConstraintReason> NegatedReasons { get; } =
    [
        new(["floor", "floor work", "the floor", "floor exercises", "ground", "the ground", "lying", "lying down", "getting down"],
            "no floor work",
            ExcludedNames: ["lying", "floor", "supine", "prone", "plank", "crunch", "sit up", "situp", "bridge", "push up", "pushup",
                "mountain climber", "ground", "on back"]),
    ];

    /// <summary>Every word of every cue and reason: known words, so spelling correction leaves them alone.</summary>
    public static IEnumerable<string> Words
        => NegationCues.Concat(OwnershipCues).Concat(Reasons.Concat(NegatedReasons).SelectMany(r => r.Phrases))
            .SelectMany(p => p.Split(' '));
}

/// <summary>Phrases that stand for conditions, with the reason shown to the user.</summary>
public sealed record ConstraintReason(
    IReadOnlyList<string> Phrases,
    string Reason,
    IReadOnlyList<string>? ExcludedCategories = null,
    IReadOnlyList<string>? ExcludedNames = null,
    IReadOnlyList<string>? RequiredNames = null);
