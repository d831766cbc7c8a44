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
            }
        }
    }

    private async Task<VectorSearchResult> SearchOnceAsync(VectorQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (version, described, epoch) = await ResolveAsync(connection, transaction, query.Version, cancellationToken);
        if (query.Model is { } model && model != described.Model)
        {
            throw new EmbeddingModelMismatchException(version, described.Model, model);
        }
        if (query.Vector.Length != described.Dimensions)
        {
            throw new ArgumentException($"The query vector has {query.Vector.Length} dimensions; version '{version}' holds {described.Dimensions}.", nameof(query));
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var setting in SearchSettings(query))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(setting));
        }
        var select = new NpgsqlBatchCommand();
        select.Parameters.Add(new NpgsqlParameter { Value = query.Vector.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Real });
        select.Parameters.Add(new NpgsqlParameter { Value = query.Limit });
        var where = VectorFilterSql.Build(query.Filter, select.Parameters);
        // Relaxed-order iterative scans may return neighbours slightly out of order: materialise, then sort.
        select.CommandText = $"""
            WITH hits AS MATERIALIZED (
                SELECT {VersionRows.AttributeColumns}, embedding <=> $1::real[]::vector({described.Dimensions}) AS distance
                FROM {VersionTable.For(version)}
                WHERE {where}
                ORDER BY distance
                LIMIT $2)
            SELECT * FROM hits ORDER BY distance, id
            """;
        batch.BatchCommands.Add(select);

        var hits = new List<VectorHit>(query.Limit);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (!await IsResultOfAsync(reader, select, cancellationToken))
            {
            }
            while (await reader.ReadAsync(cancellationToken))
            {
                hits.Add(new VectorHit(reader.GetString(0), 1 - reader.GetDouble(9), reader.GetInt64(1), VersionRows.ReadAttributes(reader)));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new VectorSearchResult(version, described.Model, epoch, hits);
    }

    /// <summary>The version a search reads (the one asked for, or the active one), its description and the epoch.</summary>
    private static async Task<(string Version, VersionRows.Description Description, long Epoch)> ResolveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string? requested, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT s.epoch, v.name, v.model_id, v.model_version, v.dimensions, v.state
            FROM vector_index_state s
            LEFT JOIN vector_index_versions v ON v.name = coalesce($1, s.active_version) AND v.state <> 'retired'
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)requested ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
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
        return (reader.GetString(1),
            new VersionRows.Description(new EmbeddingModel(reader.GetString(2), reader.GetString(3)), reader.GetInt32(4), VersionRows.ParseState(reader.GetString(5))),
            reader.GetInt64(0));
    }

    private static async Task<bool> IsResultOfAsync(NpgsqlDataReader reader, NpgsqlBatchCommand select, CancellationToken cancellationToken)
    {
        // SET statements return no result set; skip to the SELECT's.
        if (reader.FieldCount > 0)
        {
            return true;
        }
        if (!await reader.NextResultAsync(cancellationToken))
        {
            throw new InvalidOperationException($"The search returned no result set for: {select.CommandText}");
        }
        return false;
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
}
