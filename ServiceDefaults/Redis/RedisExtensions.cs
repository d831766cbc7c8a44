using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.Redis;

public static class RedisExtensions
{
    /// <summary>Registers the process's one <see cref="RedisConnection"/>, its settings read from validated options.</summary>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, Func<IServiceProvider, RedisClientSettings> settings) =>
        services.AddSingleton(sp => new RedisConnection(
            sp.GetRequiredService<IConfiguration>(), settings(sp), sp.GetRequiredService<ILogger<RedisConnection>>()));
}
