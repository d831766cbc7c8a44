using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Embeddings;

/// <summary>
/// Records of embedding model versions: registered while an indexer builds vectors for one, activated when that
/// index is complete (the previous active one is retired in the same transaction), retired when no longer served.
/// At most one is active: the partial unique index <c>embedding_versions_one_active</c> holds even against two
/// concurrent activations, one of which then fails and is retried.
/// </summary>
public sealed class EmbeddingVersionStore(CatalogDataSources dataSources)
{
    private const string Columns = "id, model, version, dimensions, status, created_at, activated_at, retired_at";

    public async Task<(EmbeddingVersionRecord Record, bool Conflict)> RegisterAsync(string id, string model, string version, int dimensions, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.QuerySingleOrDefaultAsync<EmbeddingVersionRecord>(new CommandDefinition($"""
            INSERT INTO embedding_versions (id, model, version, dimensions) VALUES (@id, @model, @version, @dimensions)
            ON CONFLICT (id) DO NOTHING
            RETURNING {Columns}
            """, new { id, model, version, dimensions }, cancellationToken: cancellationToken));
        if (inserted is not null)
        {
            return (inserted, false);
        }
        var existing = (await GetAsync(connection, id, null, cancellationToken))!;
        return (existing, existing.Model != model || existing.Version != version || existing.Dimensions != dimensions);
    }

    /// <summary>Makes a version the active one; null when it does not exist.</summary>
    public async Task<EmbeddingVersionRecord?> ActivateAsync(string id, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var target = await GetAsync(connection, id, transaction, cancellationToken, forUpdate: true);
                if (target is null)
                {
                    return null;
                }
                if (target.Status == EmbeddingVersionRecord.Active)
                {
                    return target;
                }
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE embedding_versions SET status = 'retired', retired_at = now() WHERE status = 'active'",
                    transaction: transaction, cancellationToken: cancellationToken));
                var activated = await connection.QuerySingleAsync<EmbeddingVersionRecord>(new CommandDefinition($"""
                    UPDATE embedding_versions SET status = 'active', activated_at = now(), retired_at = NULL
                    WHERE id = @id RETURNING {Columns}
                    """, new { id }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                return activated;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 3)
            {
                // Another activation committed first; do it again on top of that one.
            }
        }
    }

    /// <summary>Retires a version; the active one cannot be retired (activate another first).</summary>
    public async Task<(EmbeddingVersionRecord? Record, bool IsActive)> RetireAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var retired = await connection.QuerySingleOrDefaultAsync<EmbeddingVersionRecord>(new CommandDefinition($"""
            UPDATE embedding_versions SET status = 'retired', retired_at = coalesce(retired_at, now())
            WHERE id = @id AND status <> 'active' RETURNING {Columns}
            """, new { id }, cancellationToken: cancellationToken));
        if (retired is not null)
        {
            return (retired, false);
        }
        var existing = await GetAsync(connection, id, null, cancellationToken);
        return (existing, existing is not null);
    }

    public async Task<IReadOnlyList<EmbeddingVersionRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<EmbeddingVersionRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM embedding_versions ORDER BY created_at DESC, id", cancellationToken: cancellationToken))];
    }

    private static Task<EmbeddingVersionRecord?> GetAsync(NpgsqlConnection connection, string id, NpgsqlTransaction? transaction,
        CancellationToken cancellationToken, bool forUpdate = false)
        => connection.QuerySingleOrDefaultAsync<EmbeddingVersionRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM embedding_versions WHERE id = @id{(forUpdate ? " FOR UPDATE" : "")}", new { id }, transaction, cancellationToken: cancellationToken));
}

/// <summary>A row of <c>embedding_versions</c>.</summary>
public sealed class EmbeddingVersionRecord
{
    public const string Building = "building";
    public const string Active = "active";
    public const string Retired = "retired";

    public string Id { get; set; } = "";
    public string Model { get; set; } = "";
    public string Version { get; set; } = "";
    public int Dimensions { get; set; }
    public string Status { get; set; } = Building;
    public DateTime CreatedAt { get; set; }
    public DateTime? ActivatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
}
