using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>
/// <see cref="IVectorIndex"/> on PostgreSQL + pgvector: one table per version (cosine distance, HNSW), a catalogue of
/// versions, and a one-row state table holding the active version and the epoch. Vectors travel as float4[] and
/// are cast to <c>vector</c> in SQL. Not Pgvector's <c>UseVector()</c>: Npgsql learns a database's types at its first
/// connection, and the extension is created by the indexing service's migration, so a process that connected
/// before it (search on a fresh machine) could not send a vector until restarted.
/// This class is the write side (version lifecycle, writes, the epoch); reads are <see cref="PgVectorIndexReader"/>'s.
/// </summary>
public sealed class PgVectorIndex(NpgsqlDataSource dataSource, IOptions<VectorIndexOptions> options) : IVectorIndex
{
    private const int WriteChunk = 500;
    private readonly VectorIndexOptions _options = options.Value;
    private readonly PgVectorIndexReader _reader = new(dataSource, options);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
        => SchemaMigrator.MigrateAsync(dataSource, cancellationToken);

    public Task<IndexState> GetStateAsync(CancellationToken cancellationToken = default) => _reader.GetStateAsync(cancellationToken);

    public Task<VectorSearchResult> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
        => _reader.SearchAsync(query, cancellationToken);

    public async Task<IReadOnlyList<IndexVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT v.name, v.model_id, v.model_version, v.dimensions, v.state, v.created_at, v.ready_at, v.retired_at,
                   v.name = s.active_version, v.failure, v.document_format, v.missed_changes, v.behind_since
            FROM vector_index_versions v CROSS JOIN vector_index_state s
            WHERE v.state <> 'retired'
            ORDER BY v.created_at, v.name
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new List<IndexVersion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(new IndexVersion(
                reader.GetString(0),
                new EmbeddingModel(reader.GetString(1), reader.GetString(2)),
                reader.GetInt32(3),
                reader.GetString(10),
                VersionRows.ParseState(reader.GetString(4)),
                !reader.IsDBNull(8) && reader.GetBoolean(8),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetInt64(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12)));
        }
        return versions;
    }

    public async Task<IndexVersion> CreateVersionAsync(EmbeddingModel model, int dimensions, string documentFormat, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentFormat);
        ArgumentException.ThrowIfNullOrWhiteSpace(model.Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(model.Version);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, 2000); // HNSW's limit for the vector type

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string name;
        await using (var next = new NpgsqlCommand("SELECT 'v' || nextval('vector_index_version_number')", connection, transaction))
        {
            name = (string)(await next.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO vector_index_versions (name, model_id, model_version, dimensions, document_format, state) VALUES ($1, $2, $3, $4, $5, 'building') RETURNING created_at",
            connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = name });
            insert.Parameters.Add(new NpgsqlParameter { Value = model.Id });
            insert.Parameters.Add(new NpgsqlParameter { Value = model.Version });
            insert.Parameters.Add(new NpgsqlParameter { Value = dimensions });
            insert.Parameters.Add(new NpgsqlParameter { Value = documentFormat });
            var createdAt = (DateTime)(await insert.ExecuteScalarAsync(cancellationToken))!;
            await using (var create = new NpgsqlCommand(VersionTable.CreateSql(name, dimensions), connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return new IndexVersion(name, model, dimensions, documentFormat, IndexVersionState.Building, false, new DateTimeOffset(createdAt, TimeSpan.Zero), null, null);
        }
    }

    public async Task SealVersionAsync(string version, CancellationToken cancellationToken = default)
    {
        var table = VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        var described = await DescribeAsync(connection, null, version, lockForShare: false, cancellationToken);
        if (described.State == IndexVersionState.Ready)
        {
            return;
        }
        // Not in a transaction: the build can take minutes at scale and must not hold the catalogue row meanwhile.
        await using (var build = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand($"SET maintenance_work_mem = '{_options.BuildMemoryMegabytes}MB'"),
                new NpgsqlBatchCommand(VersionTable.CreateHnswSql(version, _options.HnswM, _options.HnswEfConstruction)),
                new NpgsqlBatchCommand("RESET maintenance_work_mem"),
                // Filter selectivity estimates decide between the graph and the exact plan: give the planner statistics.
                new NpgsqlBatchCommand($"ANALYZE {table}"),
            },
        })
        {
            build.Timeout = 0;
            await build.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var seal = new NpgsqlCommand(
            "UPDATE vector_index_versions SET state = 'ready', ready_at = now() WHERE name = $1 AND state = 'building'", connection);
        seal.Parameters.Add(new NpgsqlParameter { Value = version });
        await seal.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> ActivateAsync(string version, CancellationToken cancellationToken = default)
    {
        VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // FOR SHARE on the catalogue row keeps a concurrent retire from dropping it while it becomes active.
        var described = await DescribeAsync(connection, transaction, version, lockForShare: true, cancellationToken);
        if (described.State != IndexVersionState.Ready)
        {
            throw new InvalidOperationException($"Index version '{version}' is {described.State.ToString().ToLowerInvariant()}; only a ready version can be activated.");
        }
        if (described.MissedChanges > 0)
        {
            // Checked under the same FOR SHARE lock that MarkBehindAsync's UPDATE waits for: no mark slips in between.
            throw new IndexVersionBehindException(version, described.MissedChanges);
        }
        await using var update = new NpgsqlCommand(
            "UPDATE vector_index_state SET active_version = $1, epoch = epoch + 1, pending_changes = false, switched_at = now() RETURNING epoch", connection, transaction);
        update.Parameters.Add(new NpgsqlParameter { Value = version });
        var epoch = (long)(await update.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return epoch;
    }

    public async Task MarkBehindAsync(string version, CancellationToken cancellationToken = default)
    {
        VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            UPDATE vector_index_versions SET missed_changes = missed_changes + 1, behind_since = coalesce(behind_since, now())
            WHERE name = $1 AND state <> 'retired'
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> MarkCaughtUpAsync(string version, long missedChanges, CancellationToken cancellationToken = default)
    {
        VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            UPDATE vector_index_versions SET missed_changes = 0, behind_since = NULL
            WHERE name = $1 AND state <> 'retired' AND missed_changes = $2
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = missedChanges });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task FailVersionAsync(string version, string reason, CancellationToken cancellationToken = default)
    {
        VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            UPDATE vector_index_versions SET state = 'failed', failure = $2
            WHERE name = $1 AND state IN ('building', 'ready')
              AND name IS DISTINCT FROM (SELECT active_version FROM vector_index_state)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        command.Parameters.Add(new NpgsqlParameter { Value = reason });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            throw new InvalidOperationException($"Index version '{version}' cannot be marked failed: it is active, retired or missing.");
        }
    }

    public async Task<long?> AdvanceEpochAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE vector_index_state SET epoch = epoch + 1, pending_changes = false WHERE pending_changes RETURNING epoch", connection);
        return (long?)await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task RetireAsync(string version, CancellationToken cancellationToken = default)
    {
        var table = VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The catalogue row first (writers hold it FOR SHARE while they write, so none is mid-write when the table
        // goes), then the state row: the same order as writers and activations, so they cannot deadlock.
        await using (var lockVersion = new NpgsqlCommand(
            "SELECT 1 FROM vector_index_versions WHERE name = $1 AND state <> 'retired' FOR UPDATE", connection, transaction))
        {
            lockVersion.Parameters.Add(new NpgsqlParameter { Value = version });
            if (await lockVersion.ExecuteScalarAsync(cancellationToken) is null)
            {
                throw new IndexNotReadyException($"Index version '{version}' does not exist or is already retired.");
            }
        }
        await using (var active = new NpgsqlCommand("SELECT active_version FROM vector_index_state FOR SHARE", connection, transaction))
        {
            if (await active.ExecuteScalarAsync(cancellationToken) is string activeVersion && activeVersion == version)
            {
                throw new InvalidOperationException($"Index version '{version}' is active; activate another version before retiring it.");
            }
        }
        await using var retire = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("UPDATE vector_index_versions SET state = 'retired', retired_at = now() WHERE name = $1")
                {
                    Parameters = { new NpgsqlParameter { Value = version } },
                },
                new NpgsqlBatchCommand($"DROP TABLE IF EXISTS {table}"),
            },
        };
        await retire.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IndexWriteResult> UpsertAsync(string version, EmbeddingModel model, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return IndexWriteResult.Unchanged;
        }
        var table = VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var described = await DescribeAsync(connection, transaction, version, lockForShare: true, cancellationToken);
        if (described.Model != model)
        {
            throw new EmbeddingModelMismatchException(version, described.Model, model);
        }
        foreach (var record in records)
        {
            Validate(record, described.Dimensions);
        }

        var changed = 0;
        // A newer source version replaces the row (a tombstone too); an equal or older one is a repeat and changes nothing.
        var sql = $"""
            INSERT INTO {table} AS t (id, source_version, deleted, embedding, primary_muscles, secondary_muscles,
                                      equipment, category, level, force, mechanic, updated_at)
            VALUES ($1, $2, false, $3::real[]::vector, $4, $5, $6, $7, $8, $9, $10, now())
            ON CONFLICT (id) DO UPDATE SET
                source_version = EXCLUDED.source_version, deleted = false, embedding = EXCLUDED.embedding,
                primary_muscles = EXCLUDED.primary_muscles, secondary_muscles = EXCLUDED.secondary_muscles,
                equipment = EXCLUDED.equipment, category = EXCLUDED.category, level = EXCLUDED.level,
                force = EXCLUDED.force, mechanic = EXCLUDED.mechanic, updated_at = now()
            WHERE t.source_version < EXCLUDED.source_version
            """;
        foreach (var chunk in records.Chunk(WriteChunk))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var record in chunk)
            {
                var command = new NpgsqlBatchCommand(sql);
                var attributes = record.Attributes;
                command.Parameters.Add(new NpgsqlParameter { Value = record.Id });
                command.Parameters.Add(new NpgsqlParameter { Value = record.SourceVersion });
                command.Parameters.Add(new NpgsqlParameter { Value = record.Vector.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
                command.Parameters.Add(new NpgsqlParameter { Value = VectorFilterSql.Normalize(attributes.PrimaryMuscles), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                command.Parameters.Add(new NpgsqlParameter { Value = VectorFilterSql.Normalize(attributes.SecondaryMuscles), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
                foreach (var value in (string?[])[attributes.Equipment, attributes.Category, attributes.Level, attributes.Force, attributes.Mechanic])
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = (object?)VectorFilterSql.NormalizeOrNull(value) ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
                }
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            foreach (var command in batch.BatchCommands)
            {
                changed += command.RecordsAffected;
            }
        }
        return await FinishWriteAsync(connection, transaction, version, changed, cancellationToken);
    }

    public async Task<IndexWriteResult> DeleteAsync(string version, IReadOnlyList<VectorDeletion> deletions, CancellationToken cancellationToken = default)
    {
        if (deletions.Count == 0)
        {
            return IndexWriteResult.Unchanged;
        }
        var table = VersionTable.For(version);
        foreach (var deletion in deletions)
        {
            ValidateId(deletion.Id);
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await DescribeAsync(connection, transaction, version, lockForShare: true, cancellationToken);
        // The deletion's own version may equal the last upsert's (a delete does not always bump the row version):
        // it still wins over that upsert, and a repeated deletion finds the tombstone and changes nothing.
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {table} AS t (id, source_version, deleted, embedding, updated_at)
            SELECT id, source_version, true, NULL, now() FROM unnest($1::text[], $2::bigint[]) AS d(id, source_version)
            ON CONFLICT (id) DO UPDATE SET
                source_version = EXCLUDED.source_version, deleted = true, embedding = NULL,
                primary_muscles = ARRAY[]::text[], secondary_muscles = ARRAY[]::text[], equipment = NULL, category = NULL,
                level = NULL, force = NULL, mechanic = NULL, updated_at = now()
            WHERE NOT t.deleted AND t.source_version <= EXCLUDED.source_version
            """, connection, transaction);
        // Only the newest deletion of an id counts (ON CONFLICT cannot touch one row twice in a statement).
        var newest = deletions.GroupBy(d => d.Id, StringComparer.Ordinal).Select(g => g.MaxBy(d => d.SourceVersion)!).ToList();
        command.Parameters.Add(new NpgsqlParameter { Value = newest.Select(d => d.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = newest.Select(d => d.SourceVersion).ToArray() });
        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        return await FinishWriteAsync(connection, transaction, version, changed, cancellationToken);
    }

    public async Task<long> CountAsync(string version, CancellationToken cancellationToken = default)
    {
        var table = VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE NOT deleted", connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new IndexNotReadyException($"Index version '{version}' does not exist.");
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> GetSourceVersionsAsync(string version, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }
        return await ReadSourceVersionsAsync(version, "WHERE id = ANY($1)", ids.Distinct().ToArray(), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, long>> ListSourceVersionsAsync(string version, CancellationToken cancellationToken = default)
        => ReadSourceVersionsAsync(version, "WHERE NOT deleted", null, cancellationToken);

    private async Task<IReadOnlyDictionary<string, long>> ReadSourceVersionsAsync(string version, string where, string[]? ids, CancellationToken cancellationToken)
    {
        var table = VersionTable.For(version);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT id, source_version FROM {table} {where}", connection);
        if (ids is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = ids });
        }
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                versions[reader.GetString(0)] = reader.GetInt64(1);
            }
            return versions;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new IndexNotReadyException($"Index version '{version}' does not exist.");
        }
    }

    public async Task<IReadOnlyList<VectorRecord>> GetAsync(string version, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        var table = VersionTable.For(version);
        if (ids.Count == 0)
        {
            return [];
        }
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {VersionRows.AttributeColumns}, embedding::real[] FROM {table} WHERE id = ANY($1) AND NOT deleted", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var records = new List<VectorRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(new VectorRecord(reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<float[]>(9), VersionRows.ReadAttributes(reader)));
            }
            return records;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new IndexNotReadyException($"Index version '{version}' does not exist.");
        }
    }

    private static async Task<IndexWriteResult> FinishWriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string version, int changed, CancellationToken cancellationToken)
    {
        var visible = false;
        if (changed > 0)
        {
            // A change searches can see (one to the active version) leaves the epoch pending, in the same transaction.
            // Always an UPDATE, never "only if not yet pending": the row lock makes a concurrent AdvanceEpochAsync
            // wait for this commit, so no committed change can slip in just behind an epoch that claims to cover it.
            await using var mark = new NpgsqlCommand(
                "UPDATE vector_index_state SET pending_changes = true WHERE active_version = $1", connection, transaction);
            mark.Parameters.Add(new NpgsqlParameter { Value = version });
            visible = await mark.ExecuteNonQueryAsync(cancellationToken) == 1;
        }
        await transaction.CommitAsync(cancellationToken);
        return new IndexWriteResult(changed, visible);
    }

    /// <summary>Reads a live version's catalogue row; FOR SHARE keeps it from being retired until the transaction ends.</summary>
    private static async Task<VersionRows.Description> DescribeAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string version, bool lockForShare, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT model_id, model_version, dimensions, state, missed_changes FROM vector_index_versions WHERE name = $1 AND state <> 'retired'"
            + (lockForShare ? " FOR SHARE" : ""), connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new IndexNotReadyException($"Index version '{version}' does not exist or is retired.");
        }
        return new VersionRows.Description(new EmbeddingModel(reader.GetString(0), reader.GetString(1)), reader.GetInt32(2), VersionRows.ParseState(reader.GetString(3)),
            reader.GetInt64(4));
    }

    private static void Validate(VectorRecord record, int dimensions)
    {
        ValidateId(record.Id);
        if (record.Vector.Length != dimensions)
        {
            throw new ArgumentException($"The vector of '{record.Id}' has {record.Vector.Length} dimensions; the version holds {dimensions}.");
        }
        var norm = 0.0;
        foreach (var value in record.Vector.Span)
        {
            if (!float.IsFinite(value))
            {
                throw new ArgumentException($"The vector of '{record.Id}' has a value that is not a finite number.");
            }
            norm += value * value;
        }
        if (norm == 0)
        {
            throw new ArgumentException($"The vector of '{record.Id}' is all zeros: it has no direction to compare by cosine.");
        }
    }

    private static void ValidateId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 200)
        {
            throw new ArgumentException($"'{id}' is not an exercise id (1 to 200 characters).");
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
        => await dataSource.OpenConnectionAsync(cancellationToken);
}
