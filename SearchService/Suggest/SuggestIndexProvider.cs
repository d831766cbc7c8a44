using System.Threading.Channels;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.SearchService.Suggest;

/// <summary>
/// The current <see cref="SuggestIndex"/>: muscles and equipment of the built-in vocabulary from the start, rebuilt
/// with the catalog's exercise names (listed once from the metadata service) and vocabulary each time the catalog's
/// vocabulary is (re)loaded. Swapped whole, read without locks; the swap also drops the old index's cached answers.
/// </summary>
public sealed partial class SuggestIndexProvider : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    private readonly VocabularyProvider vocabulary;
    private readonly IExerciseCatalog catalog;
    private readonly ILogger<SuggestIndexProvider> logger;
    private readonly Channel<bool> rebuilds = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private SuggestIndex current;

    public SuggestIndexProvider(VocabularyProvider vocabulary, IExerciseCatalog catalog, ILogger<SuggestIndexProvider> logger)
    {
        this.vocabulary = vocabulary;
        this.catalog = catalog;
        this.logger = logger;
        current = SuggestIndex.Build(vocabulary.Current, []);
        vocabulary.CatalogVocabularyChanged += () => rebuilds.Writer.TryWrite(true);
        if (vocabulary.HasCatalogVocabulary)
        {
            rebuilds.Writer.TryWrite(true);
        }
    }

    public SuggestIndex Current => Volatile.Read(ref current);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in rebuilds.Reader.ReadAllAsync(stoppingToken))
            {
                await RebuildAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RebuildAsync(CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (true)
        {
            try
            {
                var exercises = await catalog.ListExercisesAsync(stoppingToken);
                var index = SuggestIndex.Build(vocabulary.Current, exercises);
                Volatile.Write(ref current, index);
                LogBuilt(logger, index.ExerciseCount);
                return;
            }
            catch (DependencyUnavailableException ex)
            {
                LogNotBuilt(logger, ex.Message);
                await Task.Delay(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Suggest index built: {Exercises} exercise names")]
    private static partial void LogBuilt(ILogger logger, int exercises);

    [LoggerMessage(LogLevel.Warning, "Exercise names not loaded for suggestions (muscles and equipment serve meanwhile): {Reason}")]
    private static partial void LogNotBuilt(ILogger logger, string reason);
}
