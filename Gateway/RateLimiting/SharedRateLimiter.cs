using FitnessAssistant.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using StackExchange.Redis;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// The sliding window shared by every gateway replica, in Redis (<c>ConnectionStrings:redis</c>). Redis is a
/// dependency the gateway can live without: each call is bounded by <see cref="SharedWindowOptions.Timeout"/>, and a
/// circuit breaker stops asking a failing Redis for <see cref="SharedWindowOptions.BreakDuration"/>, so while it is
/// down requests pay nothing for it and are served on local limits alone.
/// </summary>
public sealed partial class SharedRateLimiter : IDisposable
{
    private readonly SharedWindowOptions _options;
    private readonly ILogger<SharedRateLimiter> _logger;
    private readonly GatewayMetrics _metrics;
    private readonly RedisConnection? _redis;
    private readonly ResiliencePipeline _circuit;
    private readonly CircuitBreakerStateProvider _circuitState = new();
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];
    private long _sequence;

    public SharedRateLimiter(IConfiguration configuration, IOptions<RateLimitOptions> options, GatewayMetrics metrics,
        ILogger<SharedRateLimiter> logger, ILogger<RedisConnection> redisLogger)
    {
        _options = options.Value.Shared;
        _logger = logger;
        _metrics = metrics;
        var connectionString = configuration.GetConnectionString("redis");
        if (_options.Enabled && !string.IsNullOrWhiteSpace(connectionString))
        {
            _redis = new RedisConnection(configuration, new RedisClientSettings("redis", "gateway", TimeSpan.FromSeconds(2),
                TimeSpan.FromMilliseconds(Math.Max(_options.Timeout.TotalMilliseconds, 100))), redisLogger);
        }
        else
        {
            LogSharedDisabled(_logger);
        }
        _circuit = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 3,
                SamplingDuration = TimeSpan.FromSeconds(5),
                BreakDuration = _options.BreakDuration,
                StateProvider = _circuitState,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(),
                OnOpened = args =>
                {
                    LogCircuitOpened(_logger, args.BreakDuration, args.Outcome.Exception?.GetType().Name);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogCircuitClosed(_logger);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    public bool IsConfigured => _redis is not null;

    /// <summary>True when the last calls reached Redis and the circuit is closed.</summary>
    public bool IsAvailable => _redis is { IsConnected: true } && _circuitState.CircuitState == CircuitState.Closed;

    public CircuitState CircuitState => _circuitState.CircuitState;

    public async ValueTask<SharedDecision> TryAcquireAsync(IReadOnlyList<RatePartition> partitions)
    {
        if (_redis is null)
        {
            return SharedDecision.Unavailable;
        }
        try
        {
            return await _circuit.ExecuteAsync(async token => await EvaluateAsync(partitions, token), CancellationToken.None);
        }
        catch (Exception ex) when (ex is BrokenCircuitException or RedisException or TimeoutException or SharedWindowUnavailableException)
        {
            _metrics.SharedWindowUnavailable();
            return SharedDecision.Unavailable;
        }
    }

    /// <summary>
    /// For the health check: true when Redis answers. While the circuit is open nothing is sent; once the break is
    /// over a PING is the trial that closes it, so the shared window comes back even before traffic does.
    /// </summary>
    public async Task<bool> ProbeAsync()
    {
        if (_redis is null || IsAvailable)
        {
            return IsAvailable;
        }
        try
        {
            await _circuit.ExecuteAsync(async token =>
            {
                EnsureConnected();
                await _redis.Database.PingAsync().WaitAsync(_options.Timeout, token);
            }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is BrokenCircuitException or RedisException or TimeoutException or SharedWindowUnavailableException)
        {
        }
        return IsAvailable;
    }

    private void EnsureConnected()
    {
        // Still connecting, or disconnected: fail at once instead of queueing behind a dead socket.
        if (_redis is not { IsConnected: true })
        {
            throw new SharedWindowUnavailableException();
        }
    }

    private async Task<SharedDecision> EvaluateAsync(IReadOnlyList<RatePartition> partitions, CancellationToken cancellationToken)
    {
        EnsureConnected();
        var keys = new RedisKey[partitions.Count];
        var values = new RedisValue[1 + 2 * partitions.Count];
        values[0] = $"{_instance}:{Interlocked.Increment(ref _sequence)}";
        for (var i = 0; i < partitions.Count; i++)
        {
            keys[i] = _options.KeyPrefix + partitions[i].Key;
            values[1 + 2 * i] = partitions[i].Plan.Limit;
            values[2 + 2 * i] = (long)partitions[i].Plan.Window.TotalMilliseconds;
        }
        var result = await _redis!.Database
            .ScriptEvaluateAsync(SlidingWindowScript.Source, keys, values)
            .WaitAsync(_options.Timeout, cancellationToken);
        var answer = (RedisResult[])result!;
        return (long)answer[0] == 1
            ? new SharedDecision(true, TimeSpan.Zero, null)
            : new SharedDecision(false, TimeSpan.FromMilliseconds((long)answer[1]), partitions[(int)(long)answer[2] - 1]);
    }

    public void Dispose()
    {
        _redis?.Dispose();
    }

    private sealed class SharedWindowUnavailableException() : Exception("Redis is not connected.");

    [LoggerMessage(LogLevel.Warning, "Shared rate limits are off (no ConnectionStrings:redis or RateLimiting:Shared:Enabled=false): each gateway enforces its own limits")]
    private static partial void LogSharedDisabled(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Redis is failing ({Reason}): shared rate limits suspended for {BreakDuration}, local limits only")]
    private static partial void LogCircuitOpened(ILogger logger, TimeSpan breakDuration, string? reason);

    [LoggerMessage(LogLevel.Information, "Redis answers again: shared rate limits restored")]
    private static partial void LogCircuitClosed(ILogger logger);
}
