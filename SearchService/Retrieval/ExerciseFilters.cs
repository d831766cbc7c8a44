using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Facet conditions: within a field any listed value matches, across fields all must hold. Values are canonical
/// catalog values ("none" in equipment, force or mechanic matches exercises that do not state it).
/// </summary>
public sealed class ExerciseFilters
{
    private readonly SortedDictionary<FacetField, IReadOnlyList<string>> _values;

    public ExerciseFilters(IEnumerable<KeyValuePair<FacetField, IEnumerable<string>>> values)
    {
        _values = new SortedDictionary<FacetField, IReadOnlyList<string>>();
        foreach (var (field, list) in values)
        {
            var distinct = list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (distinct.Count > 0)
            {
                _values[field] = distinct;
            }
        }
    }

    public static ExerciseFilters Empty { get; } = new([]);

    /// <summary>
    /// Reads what a client sent as filters, repeated or comma-separated, each value resolved against the vocabulary (a
    /// catalog value or a synonym naming exactly one): the one place search checks a filter value. Every problem is added
    /// to <paramref name="errors"/> under the parameter it concerns (<paramref name="parameter"/>, or the field's name).
    /// </summary>
    /// <param name="maxValues">How many values one field may list.</param>
    /// <param name="quoteAtMost">How much of an unknown value a message repeats.</param>
    public static ExerciseFilters Bind(
        IEnumerable<(FacetField Field, IReadOnlyList<string?>? Values)> fields,
        Vocabulary vocabulary,
        IDictionary<string, string[]> errors,
        int maxValues = int.MaxValue,
        int quoteAtMost = 40,
        string? parameter = null)
    {
        var resolved = new List<KeyValuePair<FacetField, IEnumerable<string>>>();
        foreach (var (field, values) in fields)
        {
            var name = field.ParameterName();
            var messages = new List<string>();
            // A JSON body can hold null items ("muscle": [null]); the query string cannot.
            for (var i = 0; i < values?.Count; i++)
            {
                if (values[i] is null)
                {
                    messages.Add($"Item {i} of '{name}' is null: each value must be a string.");
                }
            }
            var list = (values ?? []).OfType<string>().SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
            if (list.Count > maxValues)
            {
                messages.Add($"At most {maxValues} values may be given for '{name}' (got {list.Count}).");
            }
            var canonical = new List<string>();
            foreach (var value in list)
            {
                if (vocabulary.TryResolve(field, value, out var known))
                {
                    canonical.Add(known);
                }
                else
                {
                    var quoted = value.Length <= quoteAtMost ? value : value[..quoteAtMost] + "...";
                    messages.Add($"Unknown {name} '{quoted}'. Known values: {string.Join(", ", vocabulary.ValuesOf(field))}.");
                }
            }
            if (messages.Count > 0)
            {
                errors[parameter ?? name] = [.. messages];
            }
            resolved.Add(KeyValuePair.Create(field, (IEnumerable<string>)canonical));
        }
        return new ExerciseFilters(resolved);
    }

    public bool IsEmpty => _values.Count == 0;

    public IReadOnlyList<string> this[FacetField field] => _values.TryGetValue(field, out var list) ? list : [];

    public IEnumerable<FacetField> Fields => _values.Keys;

    /// <summary>
    /// Both sets of conditions at once. Where both constrain the same field the values must satisfy both; when
    /// they share none, <paramref name="other"/> is dropped for that field (the client's own filter wins).
    /// </summary>
    public ExerciseFilters Narrow(ExerciseFilters other)
    {
        var merged = _values.ToDictionary(p => p.Key, p => (IEnumerable<string>)p.Value);
        foreach (var field in other.Fields)
        {
            if (!merged.TryGetValue(field, out var existing))
            {
                merged[field] = other[field];
                continue;
            }
            var common = existing.Intersect(other[field], StringComparer.Ordinal).ToList();
            if (common.Count > 0)
            {
                merged[field] = common;
            }
        }
        return new ExerciseFilters(merged);
    }

    public bool Matches(ExerciseDetails exercise) => _values.All(p => p.Value.Any(v => exercise.Has(p.Key, v)));

    /// <summary>A stable text form, the same for equal filters whatever order they were given in.</summary>
    public override string ToString()
        => string.Join(';', _values.Select(p => $"{p.Key.ParameterName()}={string.Join(',', p.Value)}"));

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ToDictionary()
        => _values.ToDictionary(p => p.Key.ParameterName(), p => p.Value);
}
