namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Snaps a word the vocabulary does not know to the closest known word ("dumbell" -> "dumbbell", "hamstrng" ->
/// "hamstring"). Conservative on purpose: short words are left alone, and a correction must be within one edit
/// (two for long words), so real words outside the vocabulary are rarely changed.
/// </summary>
public static class SpellingCorrector
{
    public static string Correct(string word, Vocabulary vocabulary)
    {
        if (word.Length < 4 || word.Any(char.IsDigit) || StopWords.Contains(word) || vocabulary.IsKnownWord(word))
        {
            return word;
        }
        var singular = Inflection.Singular(word);
        if (singular != word && vocabulary.IsKnownWord(singular))
        {
            return word;
        }
        // A misspelt plural ("shruggs") is often closest to its singular ("shrug"); a misspelling the catalog lists
        // may be further away than the edit limit ("quadracepts").
        return Closest(word, vocabulary)
            ?? (singular != word ? Closest(singular, vocabulary) : null)
            ?? vocabulary.LookupMisspelling(word)
            ?? word;
    }

    private static string? Closest(string word, Vocabulary vocabulary)
    {
        var limit = word.Length >= 9 ? 2 : 1;
        string? best = null;
        var bestDistance = int.MaxValue;
        var bestWeight = 0;
        foreach (var (candidate, weight) in vocabulary.Words)
        {
            if (!vocabulary.IsKnownWord(candidate) || candidate.Length < 3 || Math.Abs(candidate.Length - word.Length) > limit)
            {
                continue;
            }
            // Short words differ in their first letter too often by meaning rather than by typo ("pull"/"full").
            if (word.Length <= 5 && candidate[0] != word[0])
            {
                continue;
            }
            var distance = EditDistance.Compute(word, candidate, limit);
            if (distance > limit)
            {
                continue;
            }
            if (distance < bestDistance || (distance == bestDistance && (weight > bestWeight
                || (weight == bestWeight && string.CompareOrdinal(candidate, best) < 0))))
            {
                (best, bestDistance, bestWeight) = (candidate, distance, weight);
            }
        }
        return best;
    }
}
