namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>Just enough English morphology to match "stretches" to "stretch" and "flies" to "fly".</summary>
public static class Inflection
{
    /// <summary>
    /// A word reduced for comparing two texts: singular, and without a verb's "-ing" ("pressing" and "presses"
    /// both compare as "press"). Only ever compared with another stem, never shown.
    /// </summary>
    public static string Stem(string word)
    {
        if (word.Length >= 7 && word.EndsWith("ing", StringComparison.Ordinal))
        {
            var root = word[..^3];
            // "running" -> "run", "rolling" stays "roll"
            return root.Length >= 4 && root[^1] == root[^2] && root[^1] is not ('l' or 's' or 'f' or 'z') ? root[..^1] : root;
        }
        var singular = Singular(word);
        // The catalog spells the movement both ways ("Dumbbell Flyes", "Leverage Chest Fly").
        return singular == "flye" ? "fly" : singular;
    }

    public static string Singular(string word)
    {
        if (word.Length <= 2 || word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal))
        {
            return word;
        }
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return word[..^3] + "y";
        }
        if (word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal))
        {
            return word[..^2];
        }
        return word.EndsWith('s') ? word[..^1] : word;
    }
}
