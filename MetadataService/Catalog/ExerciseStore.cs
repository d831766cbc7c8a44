using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Idempotency;
using FitnessAssistant.MetadataService.Search;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Single-exercise writes with optimistic concurrency, as the admin API needs them. A create or update with an
/// idempotency key runs in one transaction with the key's record, so the write and its key commit together.
/// </summary>
public sealed class ExerciseStore(CatalogDataSources dataSources, SearchLexiconRefresher lexicon)
{
    public async Task<CatalogWriteResult> CreateAsync(ExerciseDraft draft, IdempotentRequest? idempotency, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = idempotency is null ? null : await connection.BeginTransactionAsync(cancellationToken);
        if (await ClaimAsync(connection, transaction, idempotency, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var created = await ExerciseWriter.InsertAsync(connection, transaction, draft, ExerciseSource.Admin, cancellationToken);
        if (created is null)
        {
            return new CatalogWriteResult(WriteStatus.DuplicateId);
        }
        await CommitAsync(connection, transaction, idempotency, created, cancellationToken);
        return new CatalogWriteResult(WriteStatus.Created, created, Lsn: await AfterWriteAsync(connection, cancellationToken));
    }

    public async Task<CatalogWriteResult> UpdateAsync(string id, ExerciseDraft draft, long? expectedVersion, IdempotentRequest? idempotency,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = idempotency is null ? null : await connection.BeginTransactionAsync(cancellationToken);
        if (await ClaimAsync(connection, transaction, idempotency, cancellationToken) is { } earlier)
        {
            return earlier;
        }
        var updated = await ExerciseWriter.UpdateAsync(connection, transaction, draft with { Id = id }, ExerciseSource.Admin, expectedVersion, cancellationToken);
        if (updated is null)
        {
            return await MissOutcomeAsync(connection, transaction, id, cancellationToken);
        }
        await CommitAsync(connection, transaction, idempotency, updated, cancellationToken);
        return new CatalogWriteResult(WriteStatus.Updated, updated, Lsn: await AfterWriteAsync(connection, cancellationToken));
    }

    public async Task<CatalogWriteResult> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        if (!await ExerciseWriter.DeleteAsync(connection, null, id, expectedVersion, cancellationToken))
        {
            return await MissOutcomeAsync(connection, null, id, cancellationToken);
        }
        return new CatalogWriteResult(WriteStatus.Deleted, Lsn: await AfterWriteAsync(connection, cancellationToken));
    }

    /// <summary>Null when the write may proceed; otherwise what to answer instead (a replay carries the read-your-writes position too).</summary>
    private async Task<CatalogWriteResult?> ClaimAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IdempotentRequest? idempotency, CancellationToken cancellationToken)
    {
        if (idempotency is null || await IdempotencyRecords.ClaimAsync(connection, transaction!, idempotency, cancellationToken) is not { } earlier)
        {
            return null;
        }
        return earlier.Status == WriteStatus.Replayed
            ? earlier with { Lsn = await ReadYourWrites.CommittedLsnAsync(dataSources, connection, cancellationToken) }
            : earlier;
    }

    private static async Task CommitAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IdempotentRequest? idempotency, Exercise written, CancellationToken cancellationToken)
    {
        if (idempotency is null)
        {
            return;
        }
        await IdempotencyRecords.RecordAsync(connection, transaction!, idempotency, written, cancellationToken);
        await transaction!.CommitAsync(cancellationToken);
    }

    private static async Task<CatalogWriteResult> MissOutcomeAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id,
        CancellationToken cancellationToken)
        => await ExerciseWriter.CurrentVersionAsync(connection, transaction, id, cancellationToken) is { } current
            ? new CatalogWriteResult(WriteStatus.VersionMismatch, CurrentVersion: current)
            : new CatalogWriteResult(WriteStatus.NotFound);

    private async Task<string?> AfterWriteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        lexicon.Signal();
        return await ReadYourWrites.CommittedLsnAsync(dataSources, connection, cancellationToken);
    }
}
