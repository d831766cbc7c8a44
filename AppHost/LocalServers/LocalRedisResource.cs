using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// Redis 7 from Debian as a cache: in memory only, least-recently-used eviction; clients authenticate as
/// <see cref="RedisAccess.User"/> (the default user is off).
/// </summary>
public sealed class LocalRedisResource(string name, string stateDirectory, ParameterResource password)
    : ExecutableResource(name, "/usr/bin/redis-server", stateDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    /// <summary>A StackExchange.Redis configuration string.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{Endpoint.Property(EndpointProperty.Port)},user={RedisAccess.User},password={Password}");
}
