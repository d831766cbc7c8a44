using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Search;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>Single-exercise writes with optimistic concurrency, as the admin API needs them.</summary>
public sealed class ExerciseStore(CatalogDataSources dataSources, SearchLexiconRefresher lexicon)
{
    public async Task<WriteResult> CreateAsync(ExerciseDraft draft, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var created = await ExerciseWriter.InsertAsync(connection, null, draft, ExerciseSource.Admin, cancellationToken);
        if (created is null)
        {
            return new WriteResult(WriteStatus.DuplicateId);
        }
        return new WriteResult(WriteStatus.Created, created, Lsn: await AfterWriteAsync(connection, cancellationToken));
    }

    public async Task<WriteResult> UpdateAsync(string id, ExerciseDraft draft, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        var updated = await ExerciseWriter.UpdateAsync(connection, null, draft with { Id = id }, ExerciseSource.Admin, expectedVersion, cancellationToken);
        if (updated is null)
        {
            return await MissOutcomeAsync(connection, id, cancellationToken);
        }
        return new WriteResult(WriteStatus.Updated, updated, Lsn: await AfterWriteAsync(connection, cancellationToken));
    }

    public async Task<WriteResult> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        if (!await ExerciseWriter.DeleteAsync(connection, null, id, expectedVersion, cancellationToken))
        {
            return await MissOutcomeAsync(connection, id, cancellationToken);
        }
        return new WriteResult(WriteStatus.Deleted, Lsn: await AfterWriteAsync(connection, cancellationToken));
    }

    private static async Task<WriteResult> MissOutcomeAsync(NpgsqlConnection connection, string id, CancellationToken cancellationToken)
        => await ExerciseWriter.CurrentVersionAsync(connection, null, id, cancellationToken) is { } current
            ? new WriteResult(WriteStatus.VersionMismatch, CurrentVersion: current)
            : new WriteResult(WriteStatus.NotFound);

    private async Task<string?> AfterWriteAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        lexicon.Signal();
        return await ReadYourWrites.CommittedLsnAsync(dataSources, connection, cancellationToken);
    }
}
