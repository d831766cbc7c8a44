using FitnessAssistant.MetadataService.Data.Migrations;
using FitnessAssistant.MetadataService.Experiments;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Starter;
using FitnessAssistant.MetadataService.Vocabulary;

namespace FitnessAssistant.MetadataService.Data;

/// <summary>
/// Start-up work, done before Kestrel accepts requests (hosted services start first): wait for the database,
/// migrate, load the vocabulary, seed the starter catalog on first start and the shipped judged set when it is missing.
/// Migrations and seeding run under the schema advisory lock, so replicas starting together take turns and the second
/// finds the work done.
/// </summary>
public sealed class CatalogInitializer(
    CatalogDataSources dataSources,
    MigrationRunner migrations,
    StarterCatalogSeeder starter,
    CoreJudgedSet coreJudgedSet,
    VocabularyHolder vocabulary,
    SearchLexiconRefresher lexicon,
    ILogger<CatalogInitializer> logger) : IHostedService
{
    private static readonly TimeSpan DatabaseWait = TimeSpan.FromSeconds(60);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await WaitForDatabaseAsync(cancellationToken);
        await using (var schemaLock = await AdvisoryLock.AcquireAsync(dataSources.Primary, CatalogLocks.Schema, logger, cancellationToken))
        {
            await migrations.MigrateAsync(schemaLock.Connection, cancellationToken);
            // Migrations may have created types (e.g. for extensions) that pooled connections cached before.
            dataSources.Primary.Clear();
            vocabulary.Set(await CatalogVocabulary.LoadAsync(schemaLock.Connection, cancellationToken));
            if (await starter.SeedAsync(schemaLock.Connection, vocabulary.Current, cancellationToken))
            {
                await lexicon.RefreshAsync(cancellationToken);
            }
            await coreJudgedSet.SeedAsync(schemaLock.Connection, vocabulary.Current, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task WaitForDatabaseAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + DatabaseWait;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && DateTime.UtcNow < deadline)
            {
                logger.LogWarning("Catalog database not reachable yet (attempt {Attempt}): {Error}", attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * attempt)), cancellationToken);
            }
        }
    }
}
