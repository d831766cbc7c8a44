using System.Threading.Channels;
using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Search;

/// <summary>
/// Keeps the typo-correction lexicon (materialized view <c>search_lexicon</c>) in step with the catalog. Writes
/// signal; the refresh runs once per burst (an import of 873 exercises refreshes once, not 873 times), concurrently
/// so searches keep reading the previous lexicon meanwhile.
/// </summary>
public sealed class SearchLexiconRefresher(CatalogDataSources dataSources, ILogger<SearchLexiconRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Signal() => _signals.Writer.TryWrite(true);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSources.Primary.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("REFRESH MATERIALIZED VIEW CONCURRENTLY search_lexicon", commandTimeout: 120, cancellationToken: cancellationToken));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _signals.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(Debounce, stoppingToken);
                _signals.Reader.TryRead(out _);
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    // The previous lexicon stays in use; the next write tries again.
                    logger.LogWarning(ex, "Refreshing the search lexicon failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
