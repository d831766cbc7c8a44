using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Suggest;

namespace FitnessAssistant.SearchService.Related;

/// <summary>
/// Recognises a query that asks for substitutes ("swap for", "alternative to", "instead of", "similar to"), easier
/// ("easier than", "regression", "step down from", "can't do") or harder variants ("harder than", "progression
/// after", "tougher", "step up from") of an exercise it names (<see cref="RelatedRequestVocabulary"/>).
/// The exercise is the longest run of the query's words that an exercise's name or alias contains (with at most two
/// other words besides stop words; a single word must be the whole name), not made of facet words alone ("alternative to dumbbells"
/// names equipment, not an exercise). The rest of the query is read as any query is: its conditions ("no machine")
/// exclude, equipment it names is required ("but with a barbell"), or excluded when the query says it is taken
/// ("when the cables are taken").
/// </summary>
public sealed class RelatedRequestReader(SuggestIndexProvider names, VocabularyProvider vocabulary)
{
    private const int MaxNameWords = 6;
    private const int MaxExtraWords = 2;

    // Easier and harder are read first: "easier alternative to" asks for an easier variant, not any substitute.
    private static readonly (string Kind, IReadOnlyList<string[]> Cues)[] Kinds =
    [
        (RelatedRequest.Easier, RelatedRequestVocabulary.Easier),
        (RelatedRequest.Harder, RelatedRequestVocabulary.Harder),
        (RelatedRequest.Substitutes, RelatedRequestVocabulary.Substitutes),
    ];

    public RelatedRequest? Read(ParsedQuery query)
    {
        var words = query.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (kind, cues) in Kinds)
        {
            var cue = Find(words, cues);
            if (cue.Length > 0)
            {
                return Resolve(kind, words, cue);
            }
        }
        return null;
    }

    private RelatedRequest? Resolve(string kind, string[] words, (int Start, int Length) cue)
    {
        var current = vocabulary.Current;
        var index = names.Current;
        var ignored = new bool[words.Length];
        Array.Fill(ignored, true, cue.Start, cue.Length);
        for (var length = Math.Min(MaxNameWords, words.Length); length >= 1; length--)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                var span = words[start..(start + length)];
                if (ignored.AsSpan(start, length).Contains(true) || StopWords.Contains(span[0]) || StopWords.Contains(span[^1])
                    || span.All(w => StopWords.Contains(w) || current.LookupPhrase(w).Count > 0 || current.LookupPhrase(Inflection.Singular(w)).Count > 0))
                {
                    continue;
                }
                // One word names an exercise only when it is the whole name ("crunches"): "car" is not "Car Drivers".
                if (index.FindExercise(span, length == 1 ? 0 : MaxExtraWords) is { Id: { } id } exercise)
                {
                    Array.Fill(ignored, true, start, length);
                    var rest = words.Where((_, i) => !ignored[i]).ToArray();
                    var (filters, conditions) = Conditions(rest, current);
                    return new RelatedRequest(kind, id, exercise.Text, string.Join(' ', span), filters, conditions);
                }
            }
        }
        return null;
    }

    /// <summary>What the words around the cue and the name ask of the results.</summary>
    private static (ExerciseFilters Filters, IReadOnlyList<string> Conditions) Conditions(string[] rest, Vocabulary vocabulary)
    {
        var parsed = QueryParser.Parse(string.Join(' ', rest), vocabulary);
        var allowed = parsed.AllowedValues.ToDictionary(p => p.Key, p => (IEnumerable<string>)p.Value);
        var conditions = parsed.Constraints.Select(c => c.Phrase).ToList();
        var taken = Find(rest, RelatedRequestVocabulary.Taken).Length > 0;
        var named = parsed.Facets.Where(f => f.Field == FacetField.Equipment).ToList();
        if (named.Count > 0)
        {
            var values = named.SelectMany(f => f.Values).Distinct().ToList();
            var equipment = taken
                ? vocabulary.ValuesOf(FacetField.Equipment).Where(v => !values.Contains(v))
                : values;
            allowed[FacetField.Equipment] = allowed.TryGetValue(FacetField.Equipment, out var already) ? already.Intersect(equipment) : equipment;
            conditions.AddRange(named.Select(f => taken ? $"{f.Phrase} taken: not {string.Join(", ", f.Values)}" : $"with {string.Join(" or ", f.Values)}"));
        }
        return (new ExerciseFilters(allowed.Select(p => KeyValuePair.Create(p.Key, p.Value))), conditions);
    }

    /// <summary>The first occurrence of any of the phrases, as (start, length); length 0 when none occurs.</summary>
    private static (int Start, int Length) Find(string[] words, IReadOnlyList<string[]> phrases)
    {
        for (var start = 0; start < words.Length; start++)
        {
            foreach (var phrase in phrases)
            {
                if (start + phrase.Length <= words.Length && words.AsSpan(start, phrase.Length).SequenceEqual(phrase))
                {
                    return (start, phrase.Length);
                }
            }
        }
        return (0, 0);
    }
}
