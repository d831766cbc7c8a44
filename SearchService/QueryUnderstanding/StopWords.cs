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
        "without", "only", "none",
    };

    public static bool Contains(string word) => Words.Contains(word);
}
