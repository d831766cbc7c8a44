using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>
/// One multiplexer, created on first use without waiting for Redis (<c>abortConnect=false</c>): it reconnects in
/// the background, and meanwhile operations fail fast, which the announcer tolerates.
/// </summary>
internal sealed class RedisConnection(IConfiguration configuration, IOptions<EpochAnnouncerOptions> options, ILogger<RedisConnection> logger) : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer = new(() => Connect(configuration, options.Value, logger));

    public IDatabase Database => _multiplexer.Value.GetDatabase();

    public ISubscriber Subscriber => _multiplexer.Value.GetSubscriber();

    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }

    private static ConnectionMultiplexer Connect(IConfiguration configuration, EpochAnnouncerOptions options, ILogger logger)
    {
        var connectionString = configuration.GetConnectionString(options.RedisConnectionName)
            ?? throw new InvalidOperationException(
                $"Connection string '{options.RedisConnectionName}' is missing: set ConnectionStrings__{options.RedisConnectionName}.");
        var redisOptions = ConfigurationOptions.Parse(connectionString);
        redisOptions.AbortOnConnectFail = false;
        redisOptions.ConnectTimeout = 2000;
        redisOptions.SyncTimeout = 2000;
        redisOptions.ClientName = "indexing";
        var connection = ConnectionMultiplexer.Connect(redisOptions);
        connection.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost: {FailureType}", e.FailureType);
        connection.ConnectionRestored += (_, _) => logger.LogInformation("Redis connection restored");
        return connection;
    }
}
