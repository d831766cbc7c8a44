using System.Text.Json;
using FitnessAssistant.MetadataService.Catalog;

namespace FitnessAssistant.MetadataService.Idempotency;

/// <summary>A write's idempotency key and the fingerprint of its request.</summary>
public sealed record IdempotentRequest(string Key, string Fingerprint);

/// <summary>
/// The SQL of idempotency keys, run in the transaction of the write they guard. A request claims its key with a
/// transaction-scoped advisory lock, so a second request with the key while the first is in flight is told so at
/// once instead of waiting for it or writing twice; the key's row is inserted beside the write and commits with it.
/// </summary>
internal static class IdempotencyRecords
{
    /// <summary>
    /// Claims <paramref name="request"/>'s key for this transaction: null when the write may proceed, otherwise the
    /// outcome to answer (an earlier request's exercise to replay, the key in flight, or the key used for another request).
    /// </summary>
    public static async Task<CatalogWriteResult?> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IdempotentRequest request, CancellationToken cancellationToken)
    {
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency-key:' || @Key, 0))",
                request, transaction, cancellationToken: cancellationToken)))
        {
            return new CatalogWriteResult(WriteStatus.KeyInFlight);
        }
        var (fingerprint, exercise) = await connection.QuerySingleOrDefaultAsync<(string?, string?)>(new CommandDefinition(
            "SELECT fingerprint, exercise::text FROM idempotency_keys WHERE key = @Key", request, transaction, cancellationToken: cancellationToken));
        if (fingerprint is null)
        {
            return null;
        }
        return fingerprint == request.Fingerprint
            ? new CatalogWriteResult(WriteStatus.Replayed, JsonSerializer.Deserialize<Exercise>(exercise!, JsonSerializerOptions.Web))
            : new CatalogWriteResult(WriteStatus.KeyReused);
    }

    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IdempotentRequest request, Exercise exercise, CancellationToken cancellationToken)
        => connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO idempotency_keys (key, fingerprint, exercise) VALUES (@Key, @Fingerprint, @Exercise::jsonb)",
            new { request.Key, request.Fingerprint, Exercise = JsonSerializer.Serialize(exercise, JsonSerializerOptions.Web) },
            transaction, cancellationToken: cancellationToken));
}
