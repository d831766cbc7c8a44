namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Words that say what kind of request it is ("exercises for", "some variations") rather than what to find.
/// They stay in the text the encoder sees, but are not keywords: no exercise's name contains "exercises".
/// </summary>
public static class StopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "for", "of", "to", "in", "on", "at", "by", "with", "and", "or", "my", "me", "i", "im", "you",
        "your", "some", "other", "others", "any", "all", "more", "that", "which", "what", "how", "is", "are", "be",
        "exercise", "exercises", "exercising", "workout", "workouts", "training", "train", "trains", "move", "moves",
        "movement", "movements", "variation", "variations", "version", "versions", "routine", "routines", "program",
        "session", "using", "use", "uses", "best", "great", "top", "help", "helps", "target", "targets", "targeting",
        "work", "works", "working", "focus", "focused", "focusing", "build", "building", "want", "need", "like", "do",
        "can", "please", "show", "find", "give", "something", "things", "stuff", "ideas", "idea", "options", "no",
        "without", "only", "none", "but", "anything", "everything", "too", "enough", "pair", "couple", "got", "have",
        "has", "had", "own", "thing", "get", "wont", "disturb", "wake", "ive", "am", "was", "just", "also", "really",
        "kind", "kinds", "type", "types", "sort",
    };

    /// <summary>
    /// Content words that name exercises in general rather than one movement ("barbell lifts", "plyometric
    /// drills"): still searched for, but they do not make a query about one named movement.
    /// </summary>
    private static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "lift", "lifts", "lifting", "drill", "drills", "event", "events", "activity", "activities", "position", "positions",
    };

    public static bool Contains(string word) => Words.Contains(word);

    public static bool IsGeneric(string word) => Generic.Contains(word);
}
