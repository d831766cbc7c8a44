using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>Catalog reads, each on the connection <see cref="ReadYourWrites"/> picks for the caller.</summary>
public sealed class ExerciseQueries(ReadYourWrites reads, VocabularyHolder vocabulary)
{
    public async Task<Exercise?> GetAsync(string id, string? minLsn, CancellationToken cancellationToken)
    {
        await using var connection = await reads.OpenAsync(minLsn, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ExerciseRow>(new CommandDefinition(
            $"SELECT {ExerciseRow.Columns} FROM exercises WHERE lower(slug) = lower(@id)", new { id }, cancellationToken: cancellationToken));
        return row?.ToExercise();
    }

    /// <summary>Many exercises in one round trip, in the order asked; ids not found are absent from the dictionary.</summary>
    public async Task<IReadOnlyDictionary<string, Exercise>> GetManyAsync(IReadOnlyCollection<string> ids, string? minLsn, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, Exercise>();
        }
        await using var connection = await reads.OpenAsync(minLsn, cancellationToken);
        var rows = await connection.QueryAsync<ExerciseRow>(new CommandDefinition(
            $"SELECT {ExerciseRow.Columns} FROM exercises WHERE lower(slug) = ANY(@ids)",
            new { ids = ids.Select(id => id.ToLowerInvariant()).Distinct().ToArray() }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Slug, r => r.ToExercise(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>One keyset page in slug order after <paramref name="afterSlug"/>.</summary>
    public async Task<ExercisePage> ListAsync(ExerciseFilter filter, string? afterSlug, int limit, string? minLsn, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { after = afterSlug?.ToLowerInvariant(), take = limit + 1 });
        ExerciseFilterSql.AddParameters(filter, parameters);
        await using var connection = await reads.OpenAsync(minLsn, cancellationToken);
        var rows = (await connection.QueryAsync<ExerciseRow>(new CommandDefinition($"""
            SELECT {ExerciseRow.Columns} FROM exercises e
            WHERE (@after::text IS NULL OR lower(e.slug) > @after) AND {ExerciseFilterSql.Where(filter)}
            ORDER BY lower(e.slug)
            LIMIT @take
            """, parameters, cancellationToken: cancellationToken))).ToList();
        var hasMore = rows.Count > limit;
        var items = rows.Take(limit).Select(r => r.ToExercise()).ToList();
        return new ExercisePage(items, hasMore ? KeysetCursor.Encode(items[^1].Id) : null);
    }

    /// <summary>
    /// Counts per value of each facet. Each facet is counted under every filter except its own (disjunctive
    /// faceting), so a client can show how many results choosing another value of that facet would give. Every
    /// vocabulary value is listed, with 0 where nothing matches; "none" counts exercises that do not state the value.
    /// </summary>
    public async Task<ExerciseFacets> FacetsAsync(ExerciseFilter filter, string? minLsn, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters();
        ExerciseFilterSql.AddParameters(filter, parameters);
        var sql = $"""
            SELECT '{ExerciseFilterSql.Muscle}' AS facet, m AS value, count(*) AS count
            FROM exercises e, unnest(e.primary_muscles || e.secondary_muscles) AS m
            WHERE {ExerciseFilterSql.Where(filter, except: ExerciseFilterSql.Muscle)} GROUP BY m
            UNION ALL
            SELECT '{ExerciseFilterSql.PrimaryMuscle}', m, count(*)
            FROM exercises e, unnest(e.primary_muscles) AS m
            WHERE {ExerciseFilterSql.Where(filter, except: ExerciseFilterSql.PrimaryMuscle)} GROUP BY m
            {Scalar(ExerciseFilterSql.Equipment, "equipment")}
            {Scalar(ExerciseFilterSql.Category, "category")}
            {Scalar(ExerciseFilterSql.Level, "level")}
            {Scalar(ExerciseFilterSql.Force, "force")}
            {Scalar(ExerciseFilterSql.Mechanic, "mechanic")}
            UNION ALL
            SELECT 'total', '', count(*) FROM exercises e WHERE {ExerciseFilterSql.Where(filter)}
            """;
        await using var connection = await reads.OpenAsync(minLsn, cancellationToken);
        var counts = (await connection.QueryAsync<(string Facet, string Value, long Count)>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)))
            .ToLookup(c => c.Facet);
        var terms = vocabulary.Current;

        IReadOnlyList<FacetCount> Facet(string facet, string kind, bool withNone)
        {
            var found = counts[facet].ToDictionary(c => c.Value, c => c.Count);
            var values = terms.Values(kind).Concat(withNone ? [ExerciseFilter.None] : []);
            return [.. values.Select(v => new FacetCount(v, found.GetValueOrDefault(v)))];
        }

        return new ExerciseFacets(
            counts["total"].Sum(c => c.Count),
            Facet(ExerciseFilterSql.Muscle, VocabularyKind.Muscle, false),
            Facet(ExerciseFilterSql.PrimaryMuscle, VocabularyKind.Muscle, false),
            Facet(ExerciseFilterSql.Equipment, VocabularyKind.Equipment, true),
            Facet(ExerciseFilterSql.Category, VocabularyKind.Category, false),
            Facet(ExerciseFilterSql.Level, VocabularyKind.Level, false),
            Facet(ExerciseFilterSql.Force, VocabularyKind.Force, true),
            Facet(ExerciseFilterSql.Mechanic, VocabularyKind.Mechanic, true));

        string Scalar(string facet, string column) => $"""
            UNION ALL
            SELECT '{facet}', coalesce(e.{column}, '{ExerciseFilter.None}'), count(*) FROM exercises e
            WHERE {ExerciseFilterSql.Where(filter, except: facet)} GROUP BY 2
            """;
    }
}

public sealed record ExercisePage(IReadOnlyList<Exercise> Items, string? NextCursor);

public sealed record FacetCount(string Value, long Count);

public sealed record ExerciseFacets(
    long Total,
    IReadOnlyList<FacetCount> Muscle,
    IReadOnlyList<FacetCount> PrimaryMuscle,
    IReadOnlyList<FacetCount> Equipment,
    IReadOnlyList<FacetCount> Category,
    IReadOnlyList<FacetCount> Level,
    IReadOnlyList<FacetCount> Force,
    IReadOnlyList<FacetCount> Mechanic);
