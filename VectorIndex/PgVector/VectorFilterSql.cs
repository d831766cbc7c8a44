using Npgsql;
using NpgsqlTypes;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>
/// Turns <see cref="ExerciseFilters"/> into a WHERE clause over a version table, with every value passed as a
/// positional parameter. Muscles use <c>&amp;&amp;</c> (overlap, GIN-indexable), the other fields <c>= ANY</c>.
/// </summary>
internal static class VectorFilterSql
{
    public static string Build(ExerciseFilters filters, NpgsqlParameterCollection parameters)
    {
        List<string> conditions = ["NOT deleted"];
        foreach (var field in filters.Fields)
        {
            var values = filters[field];
            if (field == FacetField.Muscle)
            {
                parameters.Add(TextArray(values));
                conditions.Add($"muscles && ${parameters.Count}");
            }
            // The table stores an unstated attribute as null: a field that also asks for "none" is left unfiltered, and
            // the search service checks its hits against the catalog's facts, so only this list's recall is affected.
            else if (!values.Contains(FacetFields.Unstated))
            {
                parameters.Add(TextArray(values));
                conditions.Add($"{Column(field)} = ANY(${parameters.Count})");
            }
        }
        return string.Join(" AND ", conditions);
    }

    /// <summary>Attribute values are stored and compared trimmed and lower-cased.</summary>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    public static string? NormalizeOrNull(string? value)
        => string.IsNullOrWhiteSpace(value) ? null : Normalize(value);

    public static string[] Normalize(IReadOnlyList<string> values)
        => values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(Normalize).Distinct().ToArray();

    private static string Column(FacetField field) => field switch
    {
        FacetField.Equipment => "equipment",
        FacetField.Category => "category",
        FacetField.Level => "level",
        FacetField.Force => "force",
        FacetField.Mechanic => "mechanic",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static NpgsqlParameter TextArray(IReadOnlyList<string> values)
        => new() { Value = Normalize(values), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
