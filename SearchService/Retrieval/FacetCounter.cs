namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Facet counts over the ranked results: per field, each value with how many results carry it.</summary>
public static class FacetCounter
{
    public static IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Count(IEnumerable<RankedHit> hits)
    {
        var counts = FacetFields.All.ToDictionary(f => f, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        foreach (var hit in hits)
        {
            foreach (var field in FacetFields.All)
            {
                foreach (var value in hit.Exercise.ValuesOf(field))
                {
                    counts[field][value] = counts[field].GetValueOrDefault(value) + 1;
                }
            }
        }
        return counts.ToDictionary(
            p => p.Key.ParameterName(),
            p => (IReadOnlyList<FacetCount>)p.Value
                .OrderByDescending(v => v.Value)
                .ThenBy(v => v.Key, StringComparer.Ordinal)
                .Select(v => new FacetCount(v.Key, v.Value))
                .ToList());
    }
}
