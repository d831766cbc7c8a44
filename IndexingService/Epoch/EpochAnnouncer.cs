using System.Threading.Channels;
using FitnessAssistant.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>
/// Moves the index epoch over pending changes and announces it on Redis (docs/indexing.md, "Index epoch").
/// Bumps are coalesced to at most one per <see cref="EpochAnnouncerOptions.MinimumInterval"/> so a backlog does not
/// empty the search cache on every batch. What is announced is always read back from PostgreSQL; a timer also
/// re-asserts the Redis key (Redis keeps nothing across a restart) and catches pending changes left by a crash or
/// written by another process.
/// </summary>
internal sealed class EpochAnnouncer(
    IVectorIndex index,
    RedisConnection redis,
    IOptions<EpochAnnouncerOptions> options,
    TimeProvider time,
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
    private readonly Lock _lock = new();
    private List<DateTimeOffset> _unannounced = [];
    private long _published = -1;
    private DateTimeOffset _lastAdvance = DateTimeOffset.MinValue;

    public void ChangesCommitted(IReadOnlyCollection<DateTimeOffset> occurredAt)
    {
        lock (_lock)
        {
            _unannounced.AddRange(occurredAt);
        }
        _signals.Writer.TryWrite(true);
    }

    public void EpochChanged() => _signals.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await AdvanceAndAnnounceAsync(stoppingToken);
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
                // Coalesce: whatever else commits during the rest of the interval joins this epoch.
                var wait = _lastAdvance + options.Value.MinimumInterval - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
            }
        }
    }

    private async Task AdvanceAndAnnounceAsync(CancellationToken cancellationToken)
    {
        List<DateTimeOffset> covered;
        lock (_lock)
        {
            // Taken before the advance: every change listed here committed before it, so the new epoch covers it.
            covered = _unannounced;
            _unannounced = [];
        }
        try
        {
            if (await index.AdvanceEpochAsync(cancellationToken) is not null)
            {
                _lastAdvance = time.GetUtcNow();
            }
            var state = await index.GetStateAsync(cancellationToken);
            await redis.Database.ScriptEvaluateAsync(RaiseScript, [IndexEpochAnnouncement.Key], [state.Epoch]);
            if (state.Epoch != _published)
            {
                var announcement = new IndexEpochAnnouncement(state.Epoch, state.ActiveVersion, state.ActiveModel);
                var receivers = await redis.Subscriber.PublishAsync(RedisChannel.Literal(IndexEpochAnnouncement.Channel), announcement.ToJson());
                _published = state.Epoch;
                logger.LogInformation("Announced index epoch {Epoch} (active version {ActiveVersion}) to {Receivers} subscribers",
                    state.Epoch, state.ActiveVersion ?? "(none)", receivers);
            }
        }
        catch
        {
            lock (_lock)
            {
                _unannounced.InsertRange(0, covered);
            }
            throw;
        }
        var now = time.GetUtcNow();
        foreach (var occurredAt in covered)
        {
            IndexingTelemetry.Lag.Record(Math.Max(0, (now - occurredAt).TotalSeconds));
        }
    }
}
