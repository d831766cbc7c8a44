using System.Threading.Channels;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>
/// Announces the index epoch on Redis (docs/indexing.md, "Index epoch"). The epoch is always read back from
/// PostgreSQL, so what is announced is what committed, whoever wrote it; a signal announces at once, and a timer
/// re-asserts the key (Redis keeps no data across a restart) and catches anything a Redis outage made it miss.
/// </summary>
internal sealed class EpochAnnouncer(
    IVectorIndex index,
    RedisConnection redis,
    IOptions<EpochAnnouncerOptions> options,
    ILogger<EpochAnnouncer> logger) : BackgroundService, IEpochAnnouncer
{
    // Sets the key only when the new epoch is greater, so two announcers racing can never lower it.
    private const string RaiseScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
        if tonumber(ARGV[1]) > current then
            redis.call('SET', KEYS[1], ARGV[1])
            return 1
        end
        return 0
        """;

    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _published = -1;

    public void EpochChanged() => _signals.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await AnnounceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or Npgsql.NpgsqlException or IndexNotReadyException)
            {
                logger.LogWarning("Could not announce the index epoch yet: {Reason}", ex.Message);
            }

            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            tick.CancelAfter(options.Value.ReassertInterval);
            try
            {
                await _signals.Reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        var state = await index.GetStateAsync(cancellationToken);
        await redis.Database.ScriptEvaluateAsync(RaiseScript, [IndexEpochAnnouncement.Key], [state.Epoch]);
        if (state.Epoch == _published)
        {
            return;
        }
        var announcement = new IndexEpochAnnouncement(state.Epoch, state.ActiveVersion, state.ActiveModel);
        var receivers = await redis.Subscriber.PublishAsync(IndexEpochAnnouncement.Channel, announcement.ToJson());
        _published = state.Epoch;
        logger.LogInformation("Announced index epoch {Epoch} (active version {ActiveVersion}) to {Receivers} subscribers",
            state.Epoch, state.ActiveVersion ?? "(none)", receivers);
    }
}
