using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace FitnessAssistant.ServiceDefaults.Redis;

/// <summary>
/// One multiplexer per process. Every service treats Redis as a dependency it can live without, so the connection
/// starts at construction without waiting for Redis (<c>abortConnect=false</c>) and keeps reconnecting in the
/// background; meanwhile operations fail at once instead of queueing behind a dead socket.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;

    public RedisConnection(IConfiguration configuration, RedisClientSettings settings, ILogger<RedisConnection> logger)
    {
        var connectionString = configuration.GetConnectionString(settings.ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"Connection string '{settings.ConnectionName}' is missing: set ConnectionStrings__{settings.ConnectionName}.");
        }
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        // StackExchange.Redis 2.x queues commands while disconnected (until the timeout) by default.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ConnectTimeout = (int)settings.ConnectTimeout.TotalMilliseconds;
        options.SyncTimeout = (int)settings.OperationTimeout.TotalMilliseconds;
        options.ClientName = settings.ClientName;
        _connecting = ConnectAsync(options, logger);
    }

    /// <summary>True once the first connection attempt is over and the multiplexer is connected; never waits.</summary>
    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    /// <summary>Waits for the first connection attempt (at most the connect timeout) on first use only.</summary>
    public IDatabase Database => Multiplexer.GetDatabase();

    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    private ConnectionMultiplexer Multiplexer => _connecting.IsCompletedSuccessfully ? _connecting.Result : _connecting.GetAwaiter().GetResult();

    public void Dispose()
    {
        // A connection still being made is closed once it exists rather than left running.
        _connecting.ContinueWith(connecting => connecting.Result.Dispose(), TaskContinuationOptions.OnlyOnRanToCompletion);
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options, ILogger logger)
    {
        var connection = await ConnectionMultiplexer.ConnectAsync(options);
        connection.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost: {FailureType}", e.FailureType);
        connection.ConnectionRestored += (_, _) => logger.LogInformation("Redis connection restored");
        return connection;
    }
}
