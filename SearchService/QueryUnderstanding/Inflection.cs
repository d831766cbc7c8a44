namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>Just enough English morphology to match "stretches" to "stretch" and "flies" to "fly".</summary>
public static class Inflection
{
    public static string Singular(string word)
    {
        if (word.Length <= 3 || word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal))
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
