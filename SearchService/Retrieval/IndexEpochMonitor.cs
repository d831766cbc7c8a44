using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.ServiceDefaults.Redis;
using FitnessAssistant.VectorIndex;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>
/// Knows the index epoch (and the active version's model) without a round trip per request: the indexing
/// service's announcements on Redis move it at once (SLO-F3: 0.1 s), and a poll of the index's state (falling
/// back to the announced key when the vector database is down) catches a lost announcement within
/// <see cref="IndexEpochOptions.PollInterval"/>. Every vector search result also reports its epoch.
/// </summary>
public sealed class IndexEpochMonitor(
    IVectorIndexReader index,
    RedisConnection redis,
    SearchMetrics metrics,
    IOptions<IndexEpochOptions> options,
    ILogger<IndexEpochMonitor> logger) : BackgroundService, IIndexEpochSource
{
    private readonly object _gate = new();
    private long? _epoch;
    private EmbeddingModel? _model;

    public long? Current
    {
        get
        {
            lock (_gate)
            {
                return _epoch;
            }
        }
    }

    /// <summary>The model of the active version's vectors (null until known): queries must be embedded with it.</summary>
    public EmbeddingModel? ActiveModel
    {
        get
        {
            lock (_gate)
            {
                return _model;
            }
        }
    }

    /// <summary>Records an epoch seen anywhere; an epoch only moves forward.</summary>
    public void Observe(long seen, EmbeddingModel? activeModel)
    {
        lock (_gate)
        {
            if (_epoch is { } known && seen < known)
            {
                return;
            }
            if (_epoch != seen)
            {
                logger.LogInformation("Index epoch {Epoch} (model {Model})", seen, activeModel?.ToString() ?? "none");
            }
            _epoch = seen;
            _model = activeModel ?? _model;
        }
        metrics.Epoch(seen);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: Redis or the vector database may well be down when search starts.
        await Task.Yield();
        var subscribed = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            subscribed = subscribed || TrySubscribe();
            await PollAsync(stoppingToken);
            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Subscribes once; a failed attempt (Redis down at start) is retried on the next poll.</summary>
    private bool TrySubscribe()
    {
        try
        {
            redis.Subscriber.Subscribe(RedisChannel.Literal(IndexEpochAnnouncement.Channel), (_, message) =>
            {
                if (IndexEpochAnnouncement.FromJson(message.ToString()) is { } announcement)
                {
                    Observe(announcement.Epoch, announcement.Model);
                }
            });
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Once subscribed, the multiplexer resubscribes by itself after a reconnect; until the first
            // subscription succeeds the poll keeps the epoch current. StackExchange.Redis 1.x reports a subscribe
            // that times out while it connects as a TimeoutException.
            logger.LogWarning("Not subscribed to index epoch announcements yet: {Reason}", ex.Message);
            return false;
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.PollTimeout);
        try
        {
            var state = await index.GetStateAsync(timeout.Token);
            Observe(state.Epoch, state.ActiveModel);
            return;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Index state unavailable, reading the announced epoch: {Reason}", ex.Message);
        }
        try
        {
            var announced = await redis.Database.StringGetAsync(IndexEpochAnnouncement.Key).WaitAsync(timeout.Token);
            if (long.TryParse(announced.ToString(), out var value))
            {
                Observe(value, null);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogDebug("Announced epoch unavailable too: {Reason}", ex.Message);
        }
    }
}
