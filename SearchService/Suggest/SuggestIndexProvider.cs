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

    private readonly VocabularyProvider _vocabulary;
    private readonly IExerciseCatalog _catalog;
    private readonly ILogger<SuggestIndexProvider> _logger;
    private readonly Channel<bool> _rebuilds = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private SuggestIndex _current;

    public SuggestIndexProvider(VocabularyProvider vocabulary, IExerciseCatalog catalog, ILogger<SuggestIndexProvider> logger)
    {
        _vocabulary = vocabulary;
        _catalog = catalog;
        _logger = logger;
        _current = SuggestIndex.Build(vocabulary.Current, []);
        vocabulary.CatalogVocabularyChanged += () => _rebuilds.Writer.TryWrite(true);
        if (vocabulary.HasCatalogVocabulary)
        {
            _rebuilds.Writer.TryWrite(true);
        }
    }

    public SuggestIndex Current => Volatile.Read(ref _current);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _rebuilds.Reader.ReadAllAsync(stoppingToken))
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
                var exercises = await _catalog.ListExercisesAsync(stoppingToken);
                var index = SuggestIndex.Build(_vocabulary.Current, exercises);
                Volatile.Write(ref _current, index);
                LogBuilt(_logger, index.ExerciseCount);
                return;
            }
            catch (DependencyUnavailableException ex)
            {
                LogNotBuilt(_logger, ex.Message);
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
