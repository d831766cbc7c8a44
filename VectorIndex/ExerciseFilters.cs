namespace FitnessAssistant.VectorIndex;

/// <summary>
/// Facet conditions: within a field any listed value matches, across fields all must hold. Values are canonical
/// catalog values ("none" in equipment, force or mechanic matches exercises that do not state it). The one filter
/// type of the search path: the search API binds it, and each store translates it once (the k-NN SQL here, the
/// metadata service's gRPC message in the search service's client).
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

    /// <summary>One field's condition.</summary>
    public static ExerciseFilters Of(FacetField field, IEnumerable<string> values) => new([KeyValuePair.Create(field, values)]);

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

    /// <summary>A stable text form, the same for equal filters whatever order they were given in.</summary>
    public override string ToString()
        => string.Join(';', _values.Select(p => $"{p.Key.ParameterName()}={string.Join(',', p.Value)}"));

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ToDictionary()
        => _values.ToDictionary(p => p.Key.ParameterName(), p => p.Value);
}
