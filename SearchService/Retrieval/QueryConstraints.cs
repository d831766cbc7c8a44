using FitnessAssistant.SearchService.QueryUnderstanding;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// The conditions a query states (<see cref="ParsedQuery.Constraints"/>) applied to retrieval and results: the
/// value conditions become filters pushed down to both retrievers, the name conditions are checked on each result.
/// </summary>
public static class QueryConstraints
{
    /// <summary>The value conditions as filters: "without a machine" is every equipment but the machine, unstated included.</summary>
    public static ExerciseFilters Filters(ParsedQuery query)
        => new(query.AllowedValues.Select(p => KeyValuePair.Create(p.Key, (IEnumerable<string>)p.Value)));

    /// <summary>Whether an exercise satisfies every condition of the query.</summary>
    public static bool Admits(ParsedQuery query, ExerciseDetails exercise)
    {
        foreach (var (field, allowed) in query.AllowedValues)
        {
            if (!allowed.Any(v => exercise.Has(field, v)))
            {
                return false;
            }
        }
        var name = NameMatch.Words(exercise.Name);
        foreach (var constraint in query.Constraints)
        {
            var found = constraint.Kind is ConstraintKind.ExcludeNames or ConstraintKind.RequireNames
                && constraint.Values.Any(v => NameMatch.Contains(name, NameMatch.Words(v)));
            if ((constraint.Kind == ConstraintKind.ExcludeNames && found) || (constraint.Kind == ConstraintKind.RequireNames && !found))
            {
                return false;
            }
        }
        return true;
    }
}
