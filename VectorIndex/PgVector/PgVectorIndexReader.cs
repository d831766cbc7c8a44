using System.Globalization;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FitnessAssistant.VectorIndex.PgVector;

/// <summary>
/// The read side of <see cref="PgVectorIndex"/>: the active version and its epoch, and filtered k-NN over one
/// version's table, with the HNSW search settings of <see cref="VectorIndexOptions"/> set per transaction.
/// </summary>
public sealed class PgVectorIndexReader(NpgsqlDataSource dataSource, IOptions<VectorIndexOptions> options) : IVectorIndexReader
{
    private const int MaxLimit = 1000;
    private readonly VectorIndexOptions _options = options.Value;

    /// <summary>The active version as the last search resolved it.</summary>
    private volatile ResolvedVersion? _active;

    public async Task<IndexState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadStateAsync(connection, null, cancellationToken);
    }

    public async Task<VectorSearchResult> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit);
        if (query.EfSearch is { } ef)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(ef, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(ef, MaxLimit);
        }
        if (query.Version is not null)
        {
            VersionTable.For(query.Version);
        }
        // The active version can be retired between reading the pointer and querying its table; read it again then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SearchOnceAsync(query, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable && query.Version is null && attempt < 3)
            {
                _active = null;
            }
        }
    }

    /// <summary>
    /// One round trip in the common case: the version is resolved in the same batch as the neighbours are read from the
    /// table of the version the previous search resolved (a version's model and dimensions never change). When the
    /// version has moved since, the neighbours read are dropped and the batch is sent again for the version found.
    /// </summary>
    private async Task<VectorSearchResult> SearchOnceAsync(VectorQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var assumed = query.Version is null ? _active : null;
        // A query that does not fit the version assumed (another model's vector) may have been made for a newer one.
        if (assumed is null || !Fits(query, assumed))
        {
            var (name, description, _) = await ResolveAsync(connection, transaction, query.Version, cancellationToken);
            assumed = new ResolvedVersion(name, description);
        }
        while (true)
        {
            CheckQuery(query, assumed);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var setting in SearchSettings(query))
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
            }
            batch.BatchCommands.Add(ResolveCommand(query.Version));
            var select = new NpgsqlBatchCommand();
            select.Parameters.Add(new NpgsqlParameter { Value = query.Vector.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
            select.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
            var where = VectorFilterSql.Build(query.Filter, select.Parameters);
            // Relaxed-order iterative scans may return neighbours slightly out of order: materialise, then sort.
            select.CommandText = $"""
                WITH hits AS MATERIALIZED (
                    SELECT id, source_version, embedding <=> $1::real[]::vector({assumed.Description.Dimensions}) AS distance
                    FROM {VersionTable.For(assumed.Name)}
                    WHERE {where}
                    ORDER BY distance
                    LIMIT $2)
                SELECT id, source_version, distance FROM hits ORDER BY distance, id
                """;
            batch.BatchCommands.Add(select);

            var hits = new List<VectorHit>(query.Limit);
            long epoch;
            ResolvedVersion found;
            await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
            {
                await SkipToRowsAsync(reader, cancellationToken);
                (found, epoch) = await ReadResolvedAsync(reader, query.Version, cancellationToken);
                if (found.Name == assumed.Name)
                {
                    await reader.NextResultAsync(cancellationToken);
                    await SkipToRowsAsync(reader, cancellationToken);
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        hits.Add(new VectorHit(reader.GetString(0), 1 - reader.GetDouble(2), reader.GetInt64(1)));
                    }
                }
            }
            if (query.Version is null)
            {
                _active = found;
            }
            if (found.Name != assumed.Name)
            {
                assumed = found;
                continue;
            }
            await transaction.CommitAsync(cancellationToken);
            return new VectorSearchResult(found.Name, found.Description.Model, epoch, hits);
        }
    }

    private static bool Fits(VectorQuery query, ResolvedVersion version)
        => (query.Model is null || query.Model == version.Description.Model) && query.Vector.Length == version.Description.Dimensions;

    private static void CheckQuery(VectorQuery query, ResolvedVersion version)
    {
        if (query.Model is { } model && model != version.Description.Model)
        {
            throw new EmbeddingModelMismatchException(version.Name, version.Description.Model, model);
        }
        if (query.Vector.Length != version.Description.Dimensions)
        {
            throw new ArgumentException($"The query vector has {query.Vector.Length} dimensions; version '{version.Name}' holds {version.Description.Dimensions}.", nameof(query));
        }
    }

    /// <summary>The version a search reads (the one asked for, or the active one), its description and the epoch.</summary>
    private static async Task<(string Version, VersionRows.Description Description, long Epoch)> ResolveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string? requested, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { ResolveCommand(requested) } };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var (found, epoch) = await ReadResolvedAsync(reader, requested, cancellationToken);
        return (found.Name, found.Description, epoch);
    }

    private static NpgsqlBatchCommand ResolveCommand(string? requested)
    {
        var command = new NpgsqlBatchCommand(
            """
            SELECT s.epoch, v.name, v.model_id, v.model_version, v.dimensions, v.state
            FROM vector_index_state s
            LEFT JOIN vector_index_versions v ON v.name = coalesce($1, s.active_version) AND v.state <> 'retired'
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)requested ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    private static async Task<(ResolvedVersion Version, long Epoch)> ReadResolvedAsync(NpgsqlDataReader reader, string? requested, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new IndexNotReadyException("The vector index has not been created yet.");
        }
        if (reader.IsDBNull(1))
        {
            throw new IndexNotReadyException(requested is null
                ? "No index version is active yet."
                : $"Index version '{requested}' does not exist or is retired.");
        }
        var description = new VersionRows.Description(
            new EmbeddingModel(reader.GetString(2), reader.GetString(3)), reader.GetInt32(4), VersionRows.ParseState(reader.GetString(5)));
        return (new ResolvedVersion(reader.GetString(1), description), reader.GetInt64(0));
    }

    /// <summary>SET statements return no result set; skips to the next that has rows to read.</summary>
    private static async Task SkipToRowsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (reader.FieldCount == 0)
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                throw new InvalidOperationException("The search batch ended before its result sets.");
            }
        }
    }

    private IEnumerable<string> SearchSettings(VectorQuery query)
    {
        if (query.Exact)
        {
            // The HNSW graph is an index scan; without it the plan compares every matching row (a bitmap scan on a
            // filter index stays exact).
            yield return "SET LOCAL enable_indexscan = off";
            yield break;
        }
        var ef = Math.Max(query.EfSearch ?? _options.EfSearch, query.Limit);
        yield return $"SET LOCAL hnsw.ef_search = {ef.ToString(CultureInfo.InvariantCulture)}";
        yield return $"SET LOCAL hnsw.iterative_scan = {_options.IterativeScan switch
        {
            IterativeScan.Off => "off",
            IterativeScan.StrictOrder => "strict_order",
            _ => "relaxed_order",
        }}";
        yield return $"SET LOCAL hnsw.max_scan_tuples = {_options.MaxScanTuples.ToString(CultureInfo.InvariantCulture)}";
    }

    private static async Task<IndexState> ReadStateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT s.active_version, v.model_id, v.model_version, s.epoch, s.pending_changes
            FROM vector_index_state s LEFT JOIN vector_index_versions v ON v.name = s.active_version
            """, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new IndexNotReadyException("The vector index has not been created yet.");
        }
        return reader.IsDBNull(0)
            ? new IndexState(null, null, reader.GetInt64(3), reader.GetBoolean(4))
            : new IndexState(reader.GetString(0), new EmbeddingModel(reader.GetString(1), reader.GetString(2)), reader.GetInt64(3), reader.GetBoolean(4));
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
        => await dataSource.OpenConnectionAsync(cancellationToken);

    private sealed record ResolvedVersion(string Name, VersionRows.Description Description);
}
