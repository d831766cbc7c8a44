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

        var rewritten = new List<string>();
        var units = ApplyRewrites(corrected, vocabulary, rewritten);
        var facets = new List<RecognizedFacet>();
        var terms = new List<string>();
        var constraints = new List<QueryConstraint>();
        var negatedSpans = new List<(int Start, int End)>();
        var owns = false;
        for (var i = 0; i < units.Count;)
        {
            var match = LongestMatch(units, i, vocabulary);
            switch (match.Kind)
            {
                case MatchKind.Facet:
                    foreach (var group in match.Targets.GroupBy(t => t.Field))
                    {
                        AddFacet(facets, group.Key, match.Phrase, group.Select(t => t.Value));
                    }
                    break;
                case MatchKind.Reason:
                    AddReason(constraints, match.Reason!, match.Phrase);
                    break;
                case MatchKind.Ownership:
                    owns = true;
                    break;
                case MatchKind.Negation:
                    var end = ReadNegationScope(units, i + match.Length, match.Phrase, vocabulary, constraints);
                    negatedSpans.Add((i, end));
                    i = end;
                    continue;
                default:
                    var unit = units[i];
                    if ((unit.IsCompound || !StopWords.Contains(unit.Text)) && !terms.Contains(unit.Text))
                    {
                        terms.Add(unit.Text);
                    }
                    break;
            }
            i += match.Length;
        }
        AddImpliedConstraints(constraints, facets, owns);

        var text = string.Join(' ', units.Select(u => u.Text));
        var semanticText = string.Join(' ', units.Where((_, index) => !negatedSpans.Any(s => index >= s.Start && index < s.End)).Select(u => u.Text));
        return new ParsedQuery(query, text, terms, facets, corrections)
        {
            SemanticText = semanticText.Length > 0 ? semanticText : text,
            Constraints = constraints,
            AllowedValues = AllowedValues(constraints, vocabulary),
            Language = LanguageVocabulary.Detect(rewritten),
        };
    }

    /// <summary>
    /// Reads what a negation applies to: fillers ("a", "on", "need") are skipped, the first facet, reason or word
    /// it reaches is excluded, and "and"/"or" carry it to the next one. Returns the index after the scope.
    /// </summary>
    private static int ReadNegationScope(List<Unit> units, int start, string cue, Vocabulary vocabulary, List<QueryConstraint> constraints)
    {
        var i = start;
        var negatedSomething = false;
        var end = start;
        while (i < units.Count)
        {
            var unit = units[i];
            if (!unit.IsCompound && ConstraintVocabulary.ScopeFillers.Contains(unit.Text))
            {
                i++;
                continue;
            }
            if (negatedSomething)
            {
                if (!unit.IsCompound && ConstraintVocabulary.ScopeJoiners.Contains(unit.Text))
                {
                    i++;
                    negatedSomething = false;
                    continue;
                }
                break;
            }
            var negatedReason = LongestReason(units, i, ConstraintVocabulary.NegatedReasons);
            var match = LongestMatch(units, i, vocabulary);
            if (negatedReason.Length > 0 && negatedReason.Length >= match.Length)
            {
                AddReason(constraints, negatedReason.Reason!, Phrase(units, start, i + negatedReason.Length, cue));
                i += negatedReason.Length;
            }
            else if (match.Kind == MatchKind.Facet)
            {
                var phrase = Phrase(units, start, i + match.Length, cue);
                foreach (var group in match.Targets.GroupBy(t => t.Field))
                {
                    // "No equipment" inside a negation ("not without equipment") is too rare to read; the rest exclude.
                    var values = group.Select(t => t.Value).Where(v => v != FacetFields.Unstated).ToList();
                    constraints.Add(new QueryConstraint(ConstraintKind.ExcludeValues, phrase, group.Key, values));
                    if (group.Key == FacetField.Category && values.Contains("plyometrics"))
                    {
                        constraints.Add(new QueryConstraint(ConstraintKind.ExcludeNames, phrase, null, ConstraintVocabulary.JumpingNames, "no jumping"));
                    }
                }
                i += match.Length;
            }
            else if (match.Kind is MatchKind.Negation or MatchKind.Ownership or MatchKind.Reason)
            {
                break;
            }
            else if (IsContentWord(unit))
            {
                // Consecutive words name one movement ("skull crushers"); the last is the noun that may be plural.
                var first = i;
                while (i < units.Count && IsContentWord(units[i]) && (i == first || LongestMatch(units, i, vocabulary).Kind == MatchKind.None))
                {
                    i++;
                }
                var words = units.Skip(first).Take(i - first).SelectMany(u => u.Text.Split(' ')).ToList();
                words[^1] = Inflection.Singular(words[^1]);
                constraints.Add(new QueryConstraint(ConstraintKind.ExcludeNames, Phrase(units, start, i, cue), null, [string.Join(' ', words)]));
            }
            else
            {
                break;
            }
            negatedSomething = true;
            end = i;
        }
        return end;
    }

    private static bool IsContentWord(Unit unit)
        => unit.IsCompound || (!StopWords.Contains(unit.Text) && !ConstraintVocabulary.ScopeFillers.Contains(unit.Text)
            && !ConstraintVocabulary.ScopeJoiners.Contains(unit.Text));

    private static string Phrase(List<Unit> units, int start, int end, string cue)
        => string.Join(' ', units.Skip(start).Take(end - start).Select(u => u.Text).Prepend(cue));

    private static void AddReason(List<QueryConstraint> constraints, ConstraintReason reason, string phrase)
    {
        if (constraints.Any(c => c.Reason == reason.Reason))
        {
            return;
        }
        if (reason.ExcludedCategories is { Count: > 0 } categories)
        {
            constraints.Add(new QueryConstraint(ConstraintKind.ExcludeValues, phrase, FacetField.Category, categories, reason.Reason));
        }
        if (reason.ExcludedNames is { Count: > 0 } excluded)
        {
            constraints.Add(new QueryConstraint(ConstraintKind.ExcludeNames, phrase, null, excluded, reason.Reason));
        }
        if (reason.RequiredNames is { Count: > 0 } required)
        {
            constraints.Add(new QueryConstraint(ConstraintKind.RequireNames, phrase, null, required, reason.Reason));
        }
    }

    /// <summary>
    /// Conditions the facets imply: equipment someone says is all they have is the only equipment; a beginner
    /// is not shown exercises for experts.
    /// </summary>
    private static void AddImpliedConstraints(List<QueryConstraint> constraints, List<RecognizedFacet> facets, bool owns)
    {
        var equipment = facets.Where(f => f.Field == FacetField.Equipment).ToList();
        if (owns && equipment.Count > 0)
        {
            constraints.Add(new QueryConstraint(ConstraintKind.OnlyValues, string.Join(", ", equipment.Select(f => f.Phrase)),
                FacetField.Equipment, [.. equipment.SelectMany(f => f.Values).Distinct(StringComparer.Ordinal)], "the equipment you have"));
        }
        var levels = facets.Where(f => f.Field == FacetField.Level).ToList();
        if (levels.Count > 0 && levels.SelectMany(f => f.Values).All(v => v == "beginner"))
        {
            constraints.Add(new QueryConstraint(ConstraintKind.ExcludeValues, levels[0].Phrase, FacetField.Level, ["expert"], "beginner"));
        }
    }

    /// <summary>Per field, the values a result may have once every value condition holds (unstated included unless excluded).</summary>
    private static IReadOnlyDictionary<FacetField, IReadOnlyList<string>> AllowedValues(List<QueryConstraint> constraints, Vocabulary vocabulary)
    {
        var allowed = new Dictionary<FacetField, IReadOnlyList<string>>();
        foreach (var group in constraints.Where(c => c.Field is not null).GroupBy(c => c.Field!.Value))
        {
            IEnumerable<string> values = vocabulary.ValuesOf(group.Key);
            foreach (var only in group.Where(c => c.Kind == ConstraintKind.OnlyValues))
            {
                values = values.Intersect(only.Values, StringComparer.Ordinal);
            }
            var excluded = group.Where(c => c.Kind == ConstraintKind.ExcludeValues).SelectMany(c => c.Values).ToHashSet(StringComparer.Ordinal);
            allowed[group.Key] = [.. values.Where(v => !excluded.Contains(v))];
        }
        return allowed;
    }

    private enum MatchKind
    {
        None,
        Facet,
        Reason,
        Ownership,
        Negation,
    }

    private readonly record struct Match(MatchKind Kind, int Length, string Phrase, IReadOnlyList<FacetTarget> Targets, ConstraintReason? Reason);

    /// <summary>
    /// The longest phrase starting at <paramref name="start"/> that names a facet, states a reason, or is an
    /// ownership or negation cue; on equal length in that order ("no equipment" is a facet, not a negation).
    /// </summary>
    private static Match LongestMatch(List<Unit> units, int start, Vocabulary vocabulary)
    {
        var best = new Match(MatchKind.None, 1, units[start].Text, [], null);
        var (facetLength, targets) = LongestFacetPhrase(units, start, vocabulary);
        if (facetLength > 0)
        {
            best = new Match(MatchKind.Facet, facetLength, Phrase(units, start, start + facetLength), targets, null);
        }
        var reason = LongestReason(units, start, ConstraintVocabulary.Reasons);
        if (reason.Length > 0 && (best.Kind == MatchKind.None || reason.Length > best.Length))
        {
            best = new Match(MatchKind.Reason, reason.Length, Phrase(units, start, start + reason.Length), [], reason.Reason);
        }
        foreach (var (kind, cues) in new[] { (MatchKind.Ownership, ConstraintVocabulary.OwnershipCues), (MatchKind.Negation, ConstraintVocabulary.NegationCues) })
        {
            var length = LongestCue(units, start, cues);
            if (length > 0 && (best.Kind == MatchKind.None || length > best.Length))
            {
                best = new Match(kind, length, Phrase(units, start, start + length), [], null);
            }
        }
        return best;
    }

    private static string Phrase(List<Unit> units, int start, int end) => string.Join(' ', units.Skip(start).Take(end - start).Select(u => u.Text));

    private static int LongestCue(List<Unit> units, int start, IReadOnlyList<string> cues)
    {
        var best = 0;
        foreach (var cue in cues)
        {
            var words = cue.Split(' ');
            if (words.Length > best && start + words.Length <= units.Count
                && words.Select((w, k) => !units[start + k].IsCompound && units[start + k].Text == w).All(x => x))
            {
                best = words.Length;
            }
        }
        return best;
    }

    private static (int Length, ConstraintReason? Reason) LongestReason(List<Unit> units, int start, IReadOnlyList<ConstraintReason> reasons)
    {
        (int Length, ConstraintReason? Reason) best = (0, null);
        foreach (var reason in reasons)
        {
            var length = LongestCue(units, start, reason.Phrases);
            if (length > best.Length)
            {
                best = (length, reason);
            }
        }
        return best;
    }

    /// <summary>A word of the query, or a multi-word movement name that facet matching must not split.</summary>
    private readonly record struct Unit(string Text, bool IsCompound);

    private static List<Unit> ApplyRewrites(List<string> tokens, Vocabulary vocabulary, List<string> rewritten)
    {
        var units = new List<Unit>(tokens.Count);
        for (var i = 0; i < tokens.Count;)
        {
            var matched = false;
            for (var length = Math.Min(vocabulary.MaxPhraseLength, tokens.Count - i); length >= 1 && !matched; length--)
            {
                var phrase = string.Join(' ', tokens.Skip(i).Take(length));
                var replacement = vocabulary.LookupRewrite(phrase);
                if (replacement is null)
                {
                    continue;
                }
                rewritten.Add(phrase);
                units.Add(new Unit(string.Join(' ', replacement), replacement.Count > 1));
                i += length;
                matched = true;
            }
            if (!matched)
            {
                // "Up" binds to the word before it as one movement name ("step ups", "get up"), like the listed compounds.
                if (tokens[i] is "up" or "ups" && units.Count > 0 && !units[^1].IsCompound && !StopWords.Contains(units[^1].Text))
                {
                    units[^1] = new Unit($"{units[^1].Text} {tokens[i]}", true);
                }
                else
                {
                    units.Add(new Unit(tokens[i], false));
                }
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
