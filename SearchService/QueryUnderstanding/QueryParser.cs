namespace FitnessAssistant.SearchService.QueryUnderstanding;

/// <summary>
/// Reads a free-text query against a <see cref="Vocabulary"/>: normalises it, corrects misspelt words to known
/// ones, applies rewrites ("press ups" -> "push ups"), then finds facet phrases longest first ("lower back"
/// before "back") and keeps the rest as content words. Pure and thread-safe.
/// </summary>
public static class QueryParser
{
    public static ParsedQuery Parse(string query, Vocabulary vocabulary)
    {
        var corrections = new List<SpellingCorrection>();
        var corrected = new List<string>();
        foreach (var token in TextNormalizer.Tokenize(query))
        {
            var fixedToken = SpellingCorrector.Correct(token, vocabulary);
            if (fixedToken != token)
            {
                corrections.Add(new SpellingCorrection(token, fixedToken));
            }
            corrected.Add(fixedToken);
        }

        var units = ApplyRewrites(corrected, vocabulary);
        var facets = new List<RecognizedFacet>();
        var terms = new List<string>();
        for (var i = 0; i < units.Count;)
        {
            var (length, targets) = LongestFacetPhrase(units, i, vocabulary);
            if (length > 0)
            {
                var phrase = string.Join(' ', units.Skip(i).Take(length).Select(u => u.Text));
                foreach (var group in targets.GroupBy(t => t.Field))
                {
                    AddFacet(facets, group.Key, phrase, group.Select(t => t.Value));
                }
                i += length;
                continue;
            }
            var unit = units[i];
            if (unit.IsCompound || !StopWords.Contains(unit.Text))
            {
                if (!terms.Contains(unit.Text))
                {
                    terms.Add(unit.Text);
                }
            }
            i++;
        }

        var text = string.Join(' ', units.Select(u => u.Text));
        return new ParsedQuery(query, text, terms, facets, corrections);
    }

    /// <summary>A word of the query, or a multi-word movement name that facet matching must not split.</summary>
    private readonly record struct Unit(string Text, bool IsCompound);

    private static List<Unit> ApplyRewrites(List<string> tokens, Vocabulary vocabulary)
    {
        var units = new List<Unit>(tokens.Count);
        for (var i = 0; i < tokens.Count;)
        {
            var matched = false;
            for (var length = Math.Min(vocabulary.MaxPhraseLength, tokens.Count - i); length >= 1 && !matched; length--)
            {
                var replacement = vocabulary.LookupRewrite(string.Join(' ', tokens.Skip(i).Take(length)));
                if (replacement is null)
                {
                    continue;
                }
                units.Add(new Unit(string.Join(' ', replacement), replacement.Count > 1));
                i += length;
                matched = true;
            }
            if (!matched)
            {
                units.Add(new Unit(tokens[i], false));
                i++;
            }
        }
        return units;
    }

    private static (int Length, IReadOnlyList<FacetTarget> Targets) LongestFacetPhrase(List<Unit> units, int start, Vocabulary vocabulary)
    {
        for (var length = Math.Min(vocabulary.MaxPhraseLength, units.Count - start); length >= 1; length--)
        {
            var window = units.Skip(start).Take(length).ToList();
            if (window.Any(u => u.IsCompound))
            {
                continue;
            }
            var words = window.Select(u => u.Text).ToList();
            var targets = vocabulary.LookupPhrase(string.Join(' ', words));
            if (targets.Count == 0)
            {
                // Plurals and verb forms of a known phrase: "stretches", "jumps" when only "stretch" is listed.
                words[^1] = Inflection.Singular(words[^1]);
                targets = vocabulary.LookupPhrase(string.Join(' ', words));
            }
            if (targets.Count > 0)
            {
                return (length, targets);
            }
        }
        return (0, []);
    }

    private static void AddFacet(List<RecognizedFacet> facets, FacetField field, string phrase, IEnumerable<string> values)
    {
        var index = facets.FindIndex(f => f.Field == field && f.Phrase == phrase);
        var merged = index >= 0 ? facets[index].Values.Concat(values) : values;
        var facet = new RecognizedFacet(field, phrase, merged.Distinct(StringComparer.Ordinal).ToList());
        if (index >= 0)
        {
            facets[index] = facet;
        }
        else
        {
            facets.Add(facet);
        }
    }
}
