namespace FitnessAssistant.VectorIndex;

/// <summary>
/// Conditions on the stored attributes: each non-empty list means "any of these values", and all given lists
/// must hold (AND across attributes, OR within one). In Milvus terms this is the boolean <c>expr</c> of a search,
/// e.g. <c>ARRAY_CONTAINS_ANY(muscles, ["hamstrings"]) and level in ["beginner"]</c> (docs/indexing.md).
/// </summary>
public sealed record VectorFilter
{
    public static VectorFilter None { get; } = new();

    /// <summary>Primary or secondary muscles contain any of these.</summary>
    public IReadOnlyList<string> Muscles { get; init; } = [];

    /// <summary>Primary muscles contain any of these.</summary>
    public IReadOnlyList<string> PrimaryMuscles { get; init; } = [];

    public IReadOnlyList<string> Equipment { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public IReadOnlyList<string> Levels { get; init; } = [];

    public IReadOnlyList<string> Forces { get; init; } = [];

    public IReadOnlyList<string> Mechanics { get; init; } = [];

    /// <summary>Exercise ids never to return (e.g. the query exercise itself in a "similar to" lookup).</summary>
    public IReadOnlyList<string> ExcludeIds { get; init; } = [];

    /// <summary>The filter as a Milvus boolean expression (logs, docs/indexing.md); empty when there is no filter.</summary>
    public override string ToString()
    {
        var terms = new List<string>();
        if (Muscles.Count > 0)
        {
            terms.Add($"array_contains_any(muscles, {List(Muscles)})");
        }
        if (PrimaryMuscles.Count > 0)
        {
            terms.Add($"array_contains_any(primary_muscles, {List(PrimaryMuscles)})");
        }
        foreach (var (field, values) in (ReadOnlySpan<(string, IReadOnlyList<string>)>)
                 [("equipment", Equipment), ("category", Categories), ("level", Levels), ("force", Forces), ("mechanic", Mechanics)])
        {
            if (values.Count > 0)
            {
                terms.Add($"{field} in {List(values)}");
            }
        }
        if (ExcludeIds.Count > 0)
        {
            terms.Add($"id not in {List(ExcludeIds)}");
        }
        return string.Join(" and ", terms);

        static string List(IReadOnlyList<string> values) => "[" + string.Join(", ", values.Select(v => $"\"{v.Replace("\"", "\\\"")}\"")) + "]";
    }

    public bool IsEmpty => Muscles.Count == 0 && PrimaryMuscles.Count == 0 && Equipment.Count == 0 && Categories.Count == 0
        && Levels.Count == 0 && Forces.Count == 0 && Mechanics.Count == 0 && ExcludeIds.Count == 0;
}
