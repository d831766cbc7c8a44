using Npgsql;
using NpgsqlTypes;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>
/// Turns a <see cref="VectorFilter"/> into a WHERE clause over a version table, with every value passed as a
/// positional parameter. Arrays use <c>&amp;&amp;</c> (overlap, GIN-indexable), scalars <c>= ANY</c>.
/// </summary>
internal static class VectorFilterSql
{
    public static string Build(VectorFilter filter, NpgsqlParameterCollection parameters)
    {
        List<string> conditions = ["NOT deleted"];
        AddOverlap(conditions, parameters, "muscles", filter.Muscles);
        AddOverlap(conditions, parameters, "primary_muscles", filter.PrimaryMuscles);
        AddAny(conditions, parameters, "equipment", filter.Equipment);
        AddAny(conditions, parameters, "category", filter.Categories);
        AddAny(conditions, parameters, "level", filter.Levels);
        AddAny(conditions, parameters, "force", filter.Forces);
        AddAny(conditions, parameters, "mechanic", filter.Mechanics);
        if (filter.ExcludeIds.Count > 0)
        {
            parameters.Add(TextArray(filter.ExcludeIds, normalize: false));
            conditions.Add($"id <> ALL(${parameters.Count})");
        }
        return string.Join(" AND ", conditions);
    }

    /// <summary>Attribute values are stored and compared trimmed and lower-cased.</summary>
    public static string Normalize(string value) => value.Trim().ToLowerInvariant();

    public static string? NormalizeOrNull(string? value)
        => string.IsNullOrWhiteSpace(value) ? null : Normalize(value);

    public static string[] Normalize(IReadOnlyList<string> values)
        => values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(Normalize).Distinct().ToArray();

    private static void AddOverlap(List<string> conditions, NpgsqlParameterCollection parameters, string column, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parameters.Add(TextArray(values));
            conditions.Add($"{column} && ${parameters.Count}");
        }
    }

    private static void AddAny(List<string> conditions, NpgsqlParameterCollection parameters, string column, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parameters.Add(TextArray(values));
            conditions.Add($"{column} = ANY(${parameters.Count})");
        }
    }

    private static NpgsqlParameter TextArray(IReadOnlyList<string> values, bool normalize = true)
        => new() { Value = normalize ? Normalize(values) : values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
