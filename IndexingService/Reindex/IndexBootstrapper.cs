using FitnessAssistant.IndexingService.Documents;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>
/// On start, makes sure searches will have an index of the model the embedding service serves, with no manual
/// step (FR-I6): on a fresh system there is no active version, so the whole (starter) catalog is indexed; after a
/// model or text-format change the active version is rebuilt. Dependencies may still be starting: it waits for them.
/// A build that fails is tried again after <see cref="ReindexOptions.AutomaticRetryAfterFailure"/> until searches
/// have a current version: a system with no active version cannot search by meaning at all.
/// </summary>
internal sealed partial class IndexBootstrapper(
    IVectorIndex index,
    ITextEmbedder embedder,
    ReindexCoordinator coordinator,
    IOptions<ReindexOptions> options,
    ILogger<IndexBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BootstrapOnStart)
        {
            return;
        }
        var pause = options.Value.OutagePause;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var reason = await WhyRebuildAsync(stoppingToken);
                if (reason is null)
                {
                    return;
                }
                coordinator.RequestRebuild(reason);
                await coordinator.WhenIdleAsync(stoppingToken);
                if (await WhyRebuildAsync(stoppingToken) is null)
                {
                    return;
                }
                var retry = options.Value.AutomaticRetryAfterFailure > pause ? options.Value.AutomaticRetryAfterFailure : pause;
                LogRetrying(retry.TotalSeconds);
                await Task.Delay(retry, stoppingToken);
                pause = options.Value.OutagePause;
            }
            catch (Exception ex) when (ex is DependencyUnavailableException or Npgsql.NpgsqlException or IndexNotReadyException)
            {
                LogWaiting(ex.Message, pause.TotalSeconds);
                await Task.Delay(pause, stoppingToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, options.Value.MaxOutagePause.Ticks));
            }
        }
    }

    /// <summary>Why the active version must be rebuilt, or null (logged) when it is current.</summary>
    private async Task<string?> WhyRebuildAsync(CancellationToken cancellationToken)
    {
        var state = await index.GetStateAsync(cancellationToken);
        var versions = await index.ListVersionsAsync(cancellationToken);
        var active = versions.FirstOrDefault(v => v.IsActive);
        var served = await IsServedAsync(active?.Model, cancellationToken);
        var reason = (state.ActiveVersion, active) switch
        {
            (null, _) => "no active index version: indexing the catalog",
            (_, { } v) when !served => $"the active version {v.Name} holds {v.Model}, which the embedding service does not serve",
            (_, { } v) when v.DocumentFormat != ExerciseDocument.Format => $"the active version {v.Name} embeds text format '{v.DocumentFormat}', this build uses '{ExerciseDocument.Format}'",
            _ => null,
        };
        if (reason is null)
        {
            LogUpToDate(state.ActiveVersion!, active!.Model.ToString(), state.Epoch);
        }
        return reason;
    }

    /// <summary>Whether the embedding service serves <paramref name="model"/> (its default model when null).</summary>
    private async Task<bool> IsServedAsync(EmbeddingModel? model, CancellationToken cancellationToken)
    {
        try
        {
            var probe = await embedder.EmbedAsync(["exercise"], model, cancellationToken);
            return model is null || probe.Model == model;
        }
        catch (EmbeddingModelNotServedException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Information, "Index up to date: version {Version} holds {Model}, epoch {Epoch}")]
    private partial void LogUpToDate(string version, string model, long epoch);

    [LoggerMessage(LogLevel.Warning, "The automatic re-index did not leave a current active version; trying again in {RetrySeconds} s")]
    private partial void LogRetrying(double retrySeconds);

    [LoggerMessage(LogLevel.Information, "Bootstrap waiting for its dependencies ({Reason}); trying again in {PauseSeconds} s")]
    private partial void LogWaiting(string reason, double pauseSeconds);
}
