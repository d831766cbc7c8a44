using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Search;

/// <summary>Filters as a client sends them (search and related-exercises APIs), read into <see cref="ExerciseFilters"/>.</summary>
public static class ExerciseFilterBinder
{
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
}
