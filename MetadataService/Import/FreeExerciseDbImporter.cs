using System.Diagnostics;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Import;

/// <summary>
/// Idempotent upsert of a free-exercise-db file, keyed by the record's id, which becomes the exercise's public id.
/// A record that is invalid, duplicated in the file, or refused by the database is reported and skipped; the rest
/// is written in batches (one transaction each, a savepoint per record, so one refusal cannot undo its
/// neighbours). Re-importing the same file changes nothing and publishes no events. Fields the format does not
/// have (description, aliases) are kept as they are, so a starter exercise keeps ours when the import updates it.
/// </summary>
public sealed class FreeExerciseDbImporter(
    CatalogDataSources dataSources,
    VocabularyHolder vocabulary,
    SearchLexiconRefresher lexicon,
    ILogger<FreeExerciseDbImporter> logger)
{
    private const int BatchSize = 100;

    public async Task<ImportSummary> ImportAsync(Stream json, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var records = await FreeExerciseDbReader.ReadAsync(json, cancellationToken);
        var rejections = new List<ImportRejection>();
        var valid = new List<(int Index, ExerciseDraft Draft)>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var record in records)
        {
            var outcome = record.Input is null ? null : ExerciseValidator.Validate(record.Input, vocabulary.Current, idRequired: true);
            var reasons = record.Problems.Concat(outcome?.Errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}")) ?? []).ToList();
            if (outcome?.Draft is { } draft && reasons.Count == 0)
            {
                if (seen.TryGetValue(draft.Id, out var first))
                {
                    rejections.Add(new ImportRejection(record.Index, draft.Id, [$"id: duplicate of record {first} in the same file."]));
                    continue;
                }
                seen[draft.Id] = record.Index;
                valid.Add((record.Index, draft));
            }
            else
            {
                rejections.Add(new ImportRejection(record.Index, record.Input?.Id, reasons.Count > 0 ? reasons : ["The record is invalid."]));
            }
        }

        int created = 0, updated = 0, unchanged = 0;
        var processed = records.Count - valid.Count;
        foreach (var batch in valid.Chunk(BatchSize))
        {
            await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var existing = (await connection.QueryAsync<ExerciseRow>(new CommandDefinition(
                    $"SELECT {ExerciseRow.Columns} FROM exercises WHERE lower(slug) = ANY(@ids) FOR UPDATE",
                    new { ids = batch.Select(b => b.Draft.Id.ToLowerInvariant()).ToArray() }, transaction, cancellationToken: cancellationToken)))
                .ToDictionary(r => r.Slug, StringComparer.OrdinalIgnoreCase);
            foreach (var (index, draft) in batch)
            {
                if (existing.TryGetValue(draft.Id, out var current))
                {
                    var merged = draft with { Id = current.Slug, Description = current.Description, Aliases = current.Aliases };
                    if (DraftComparer.SameContent(merged, current.ToDraft()))
                    {
                        unchanged++;
                        continue;
                    }
                    if (await WriteAsync(transaction, index, draft.Id, () => ExerciseWriter.UpdateAsync(
                            connection, transaction, merged, ExerciseSource.FreeExerciseDb, current.RowVersion, cancellationToken), cancellationToken))
                    {
                        updated++;
                    }
                }
                else if (await WriteAsync(transaction, index, draft.Id, () => ExerciseWriter.InsertAsync(
                             connection, transaction, draft, ExerciseSource.FreeExerciseDb, cancellationToken), cancellationToken))
                {
                    created++;
                }
            }
            await transaction.CommitAsync(cancellationToken);
            processed += batch.Length;
            logger.LogInformation("Import progress {Processed}/{Total}: {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
                processed, records.Count, created, updated, unchanged, rejections.Count);
        }
        if (created + updated > 0)
        {
            lexicon.Signal();
        }
        var summary = new ImportSummary(records.Count, created, updated, unchanged, rejections.Count,
            [.. rejections.OrderBy(r => r.Index)], watch.Elapsed.TotalMilliseconds);
        logger.LogInformation("Import finished in {ElapsedMs:0} ms: {Total} records, {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
            summary.ElapsedMs, summary.Total, summary.Created, summary.Updated, summary.Unchanged, summary.Rejected);
        return summary;

        async Task<bool> WriteAsync(NpgsqlTransaction transaction, int index, string id, Func<Task<Exercise?>> write, CancellationToken token)
        {
            await transaction.SaveAsync("record", token);
            try
            {
                if (await write() is not null)
                {
                    await transaction.ReleaseAsync("record", token);
                    return true;
                }
                // Rows were locked above, so only a create racing this one can land here.
                await transaction.RollbackAsync("record", token);
                rejections.Add(new ImportRejection(index, id, ["id: another writer created or changed this exercise during the import; run the import again."]));
            }
            catch (PostgresException ex)
            {
                await transaction.RollbackAsync("record", token);
                rejections.Add(new ImportRejection(index, id, [$"database: {ex.MessageText}"]));
            }
            return false;
        }
    }
}
