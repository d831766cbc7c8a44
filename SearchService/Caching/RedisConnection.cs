using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FitnessAssistant.SearchService.Caching;

/// <summary>
/// One multiplexer per process, created on first use without waiting for Redis (<c>abortConnect=false</c>): it
/// keeps reconnecting in the background, and until it is connected every operation fails at once.
/// </summary>
public sealed class RedisConnection(IConfiguration configuration, IOptions<CacheOptions> options, ILogger<RedisConnection> logger) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> multiplexer = new(() => Connect(configuration, options.Value, logger));

    public IDatabase Database => multiplexer.Value.GetDatabase();

    public ISubscriber Subscriber => multiplexer.Value.GetSubscriber();

    public bool IsConnected => multiplexer.IsValueCreated && multiplexer.Value.IsConnected;

    public void Dispose()
    {
        if (multiplexer.IsValueCreated)
        {
            multiplexer.Value.Dispose();
        }
    }

    private static ConnectionMultiplexer Connect(IConfiguration configuration, CacheOptions options, ILogger logger)
    {
        var connectionString = configuration.GetConnectionString(options.ConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{options.ConnectionName}' is missing: set ConnectionStrings__{options.ConnectionName}.");
        var redisOptions = ConfigurationOptions.Parse(connectionString);
        redisOptions.AbortOnConnectFail = false;
        redisOptions.ConnectTimeout = 1000;
        redisOptions.SyncTimeout = (int)Math.Max(50, options.OperationTimeout.TotalMilliseconds);
        redisOptions.ClientName = "search";
        var connection = ConnectionMultiplexer.Connect(redisOptions);
        connection.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost: {FailureType}", e.FailureType);
        connection.ConnectionRestored += (_, _) => logger.LogInformation("Redis connection restored");
        return connection;
    }
}
