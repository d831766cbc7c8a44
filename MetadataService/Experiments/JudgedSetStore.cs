using System.Text.Json;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Experiments;

/// <summary>
/// Judged sets in the catalog database. Everything here reads the primary: the traffic is an operator's and an
/// experiment's, small, and an edit must be visible to the very next read (an export right after an edit, or after
/// a catalog change the grades depend on) without a consistency token.
/// </summary>
public sealed class JudgedSetStore(CatalogDataSources dataSources)
{
    public async Task<JudgedSetPage> ListAsync(int limit, string? afterSlug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<SetRow>(new CommandDefinition("""
            SELECT s.slug, s.name, s.description, s.created_at, s.updated_at, s.version,
                   (SELECT count(*)::int FROM judged_queries q WHERE q.set_id = s.id) AS queries
            FROM judged_sets s
            WHERE @afterSlug::text IS NULL OR lower(s.slug) > @afterSlug
            ORDER BY lower(s.slug)
            LIMIT @take
            """, new { afterSlug, take = limit + 1 }, cancellationToken: cancellationToken))).ToList();
        var items = rows.Take(limit).Select(r => r.ToSummary()).ToList();
        return new JudgedSetPage(items, rows.Count > limit ? KeysetCursor.Encode(items[^1].Id) : null);
    }

    public async Task<JudgedSet?> GetAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, slug, cancellationToken);
    }

    /// <summary>The set and its queries' grades over the catalog as it is now.</summary>
    public async Task<(JudgedSet Set, IReadOnlyList<ResolvedJudgments> Judgments)?> ResolveAsync(string slug, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        if (await ReadAsync(connection, transaction, slug, cancellationToken) is not { } set)
        {
            return null;
        }
        var catalog = await CatalogAsync(connection, transaction, cancellationToken);
        return (set, [.. set.Queries.Select(q => new ResolvedJudgments(q.Query, q.Resolve(catalog)))]);
    }

    public async Task<JudgedSetWriteResult> CreateAsync(JudgedSetDraft draft, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (queries, unknown) = await CanonicalAsync(connection, transaction, draft.Queries, cancellationToken);
        if (unknown.Count > 0)
        {
            return new JudgedSetWriteResult(JudgedSetWriteStatus.UnknownExercises, UnknownExercises: unknown);
        }
        if (!await InsertAsync(connection, transaction, draft with { Queries = queries }, cancellationToken))
        {
            return new JudgedSetWriteResult(JudgedSetWriteStatus.DuplicateId);
        }
        var set = await ReadAsync(connection, transaction, draft.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new JudgedSetWriteResult(JudgedSetWriteStatus.Written, set);
    }

    public Task<JudgedSetWriteResult> AddQueryAsync(string slug, long? expectedVersion, JudgedQueryDraft draft, CancellationToken cancellationToken)
        => ChangeAsync(slug, expectedVersion, [draft], async (connection, transaction, setId, queries) =>
        {
            await InsertQueryAsync(connection, transaction, setId, queries[0], cancellationToken);
            return true;
        }, cancellationToken);

    public Task<JudgedSetWriteResult> ReplaceQueryAsync(string slug, long queryId, long? expectedVersion, JudgedQueryDraft draft, CancellationToken cancellationToken)
        => ChangeAsync(slug, expectedVersion, [draft], async (connection, transaction, setId, queries) =>
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE judged_queries SET text = @Text, rule = @Rule::jsonb WHERE id = @queryId AND set_id = @setId",
                new { Text = queries[0].Query, Rule = RuleJson(queries[0].Rule), queryId, setId }, transaction, cancellationToken: cancellationToken));
            if (updated == 0)
            {
                return false;
            }
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM judged_query_grades WHERE query_id = @queryId",
                new { queryId }, transaction, cancellationToken: cancellationToken));
            await InsertGradesAsync(connection, transaction, queryId, queries[0], cancellationToken);
            return true;
        }, cancellationToken);

    public Task<JudgedSetWriteResult> RemoveQueryAsync(string slug, long queryId, long? expectedVersion, CancellationToken cancellationToken)
        => ChangeAsync(slug, expectedVersion, [], async (connection, transaction, setId, _) =>
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM judged_queries WHERE id = @queryId AND set_id = @setId",
                new { queryId, setId }, transaction, cancellationToken: cancellationToken)) > 0, cancellationToken);

    public async Task<JudgedSetWriteResult> DeleteAsync(string slug, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if ((await LockAsync(connection, transaction, slug, expectedVersion, cancellationToken)).Result is { } refused)
        {
            return refused;
        }
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM judged_sets WHERE lower(slug) = lower(@slug)",
            new { slug }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new JudgedSetWriteResult(JudgedSetWriteStatus.Written);
    }

    /// <summary>Loads a set at start-up unless one with its id exists; true when it did (the caller holds the schema lock).</summary>
    public static async Task<bool> SeedAsync(NpgsqlConnection connection, JudgedSetDraft draft, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (queries, unknown) = await CanonicalAsync(connection, transaction, draft.Queries, cancellationToken);
        if (unknown.Count > 0)
        {
            throw new InvalidDataException($"The judged set '{draft.Id}' names exercises the catalog lacks: {string.Join(", ", unknown)}.");
        }
        if (!await InsertAsync(connection, transaction, draft with { Queries = queries }, cancellationToken))
        {
            return false;
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Inserts the set and its queries; false when the id is taken (compared case-insensitively).</summary>
    private static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, JudgedSetDraft draft, CancellationToken cancellationToken)
    {
        var setId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO judged_sets (slug, name, description) VALUES (@Id, @Name, @Description)
            ON CONFLICT ((lower(slug))) DO NOTHING
            RETURNING id
            """, new { draft.Id, draft.Name, draft.Description }, transaction, cancellationToken: cancellationToken));
        if (setId is null)
        {
            return false;
        }
        foreach (var query in draft.Queries)
        {
            await InsertQueryAsync(connection, transaction, setId.Value, query, cancellationToken);
        }
        return true;
    }

    private delegate Task<bool> Change(NpgsqlConnection connection, NpgsqlTransaction transaction, long setId, IReadOnlyList<JudgedQueryDraft> queries);

    /// <summary>One conditional change to a set: lock it, check the version, apply, take a new version.</summary>
    private async Task<JudgedSetWriteResult> ChangeAsync(
        string slug, long? expectedVersion, IReadOnlyList<JudgedQueryDraft> drafts, Change change, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = await LockAsync(connection, transaction, slug, expectedVersion, cancellationToken);
        if (locked.Result is { } refused)
        {
            return refused;
        }
        var (queries, unknown) = await CanonicalAsync(connection, transaction, drafts, cancellationToken);
        if (unknown.Count > 0)
        {
            return new JudgedSetWriteResult(JudgedSetWriteStatus.UnknownExercises, UnknownExercises: unknown);
        }
        if (!await change(connection, transaction, locked.SetId, queries))
        {
            return new JudgedSetWriteResult(JudgedSetWriteStatus.QueryNotFound);
        }
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE judged_sets SET version = nextval('judged_set_version_seq'), updated_at = now() WHERE id = @SetId",
            new { locked.SetId }, transaction, cancellationToken: cancellationToken));
        var set = await ReadAsync(connection, transaction, slug, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new JudgedSetWriteResult(JudgedSetWriteStatus.Written, set);
    }

    private sealed record Locked(long SetId, JudgedSetWriteResult? Result);

    private static async Task<Locked> LockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string slug, long? expectedVersion, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(long Id, long Version)?>(new CommandDefinition(
            "SELECT id, version FROM judged_sets WHERE lower(slug) = lower(@slug) FOR UPDATE",
            new { slug }, transaction, cancellationToken: cancellationToken));
        if (row is not { } found)
        {
            return new Locked(0, new JudgedSetWriteResult(JudgedSetWriteStatus.NotFound));
        }
        return expectedVersion is { } expected && expected != found.Version
            ? new Locked(found.Id, new JudgedSetWriteResult(JudgedSetWriteStatus.VersionMismatch, CurrentVersion: found.Version))
            : new Locked(found.Id, null);
    }

    /// <summary>Explicit judgments with the catalog's spelling of each exercise id, or the ids the catalog does not hold.</summary>
    private static async Task<(IReadOnlyList<JudgedQueryDraft> Queries, List<string> Unknown)> CanonicalAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<JudgedQueryDraft> drafts, CancellationToken cancellationToken)
    {
        var named = drafts.SelectMany(d => d.Relevant.Keys).Select(id => id.ToLowerInvariant()).Distinct().ToArray();
        if (named.Length == 0)
        {
            return (drafts, []);
        }
        var known = (await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT slug FROM exercises WHERE lower(slug) = ANY(@named)", new { named }, transaction, cancellationToken: cancellationToken)))
            .ToDictionary(slug => slug, StringComparer.OrdinalIgnoreCase);
        var unknown = named.Where(id => !known.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var queries = drafts.Select(d => d with
        {
            Relevant = d.Relevant.Where(r => known.ContainsKey(r.Key)).ToDictionary(r => known[r.Key], r => r.Value),
        }).ToList();
        return (queries, unknown);
    }

    private static async Task InsertQueryAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long setId, JudgedQueryDraft query, CancellationToken cancellationToken)
    {
        var queryId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO judged_queries (set_id, text, rule) VALUES (@setId, @Text, @Rule::jsonb) RETURNING id",
            new { setId, Text = query.Query, Rule = RuleJson(query.Rule) }, transaction, cancellationToken: cancellationToken));
        await InsertGradesAsync(connection, transaction, queryId, query, cancellationToken);
    }

    private static async Task InsertGradesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long queryId, JudgedQueryDraft query, CancellationToken cancellationToken)
    {
        if (query.Relevant.Count == 0)
        {
            return;
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO judged_query_grades (query_id, exercise, grade)
            SELECT @queryId, exercise, grade FROM unnest(@Exercises, @Grades) AS g (exercise, grade)
            """, new { queryId, Exercises = query.Relevant.Keys.ToArray(), Grades = query.Relevant.Values.Select(g => (short)g).ToArray() },
            transaction, cancellationToken: cancellationToken));
    }

    private static string? RuleJson(JudgingRule? rule) => rule is null ? null : JsonSerializer.Serialize(rule);

    private static async Task<JudgedSet?> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string slug, CancellationToken cancellationToken)
    {
        var set = await connection.QuerySingleOrDefaultAsync<SetRow>(new CommandDefinition("""
            SELECT id, slug, name, description, created_at, updated_at, version FROM judged_sets WHERE lower(slug) = lower(@slug)
            """, new { slug }, transaction, cancellationToken: cancellationToken));
        if (set is null)
        {
            return null;
        }
        var queries = await connection.QueryAsync<(long Id, string Text, string? Rule)>(new CommandDefinition(
            "SELECT id, text, rule::text FROM judged_queries WHERE set_id = @Id ORDER BY id", new { set.Id }, transaction, cancellationToken: cancellationToken));
        var grades = (await connection.QueryAsync<(long QueryId, string Exercise, short Grade)>(new CommandDefinition("""
            SELECT g.query_id, g.exercise, g.grade FROM judged_query_grades g JOIN judged_queries q ON q.id = g.query_id
            WHERE q.set_id = @Id ORDER BY g.exercise
            """, new { set.Id }, transaction, cancellationToken: cancellationToken))).ToLookup(g => g.QueryId);
        return set.ToSet([.. queries.Select(q => new JudgedQuery(q.Id, q.Text,
            q.Rule is null ? null : JsonSerializer.Deserialize<JudgingRule>(q.Rule),
            grades[q.Id].ToDictionary(g => g.Exercise, g => (int)g.Grade, StringComparer.OrdinalIgnoreCase)))]);
    }

    private static async Task<List<GradedExercise>> CatalogAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {GradedExercise.Columns} FROM exercises ORDER BY slug", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var catalog = new List<GradedExercise>();
        while (await reader.ReadAsync(cancellationToken))
        {
            catalog.Add(new GradedExercise(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<string[]>(7), reader.GetFieldValue<string[]>(8)));
        }
        return catalog;
    }

    private sealed class SetRow
    {
        public long Id { get; set; }
        public string Slug { get; set; } = "";
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public DateTime CreatedAt { get; set; }
        public DateTime UpdatedAt { get; set; }
        public long Version { get; set; }
        public int Queries { get; set; }

        public JudgedSetSummary ToSummary() => new(Slug, Name, Description, Utc(CreatedAt), Utc(UpdatedAt), Version, Queries);

        public JudgedSet ToSet(IReadOnlyList<JudgedQuery> queries) => new(Slug, Name, Description, Utc(CreatedAt), Utc(UpdatedAt), Version, queries);

        private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
    }
}
