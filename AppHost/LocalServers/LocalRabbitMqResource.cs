using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// RabbitMQ 3.10 from Debian, run as root without systemd: a private HOME (its own Erlang cookie), its own epmd and
/// distribution port on loopback, and a stable node name so durable queues survive restarts. Its own connection string
/// signs in as the administrator <see cref="RabbitMqAccess.User"/> (the AppHost's: readiness, user set-up); services
/// get a user of their own (<see cref="LocalRabbitMqUserResource"/>); there is no <c>guest</c>.
/// </summary>
public sealed class LocalRabbitMqResource(string name, string stateDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", stateDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string EpmdEndpointName = "epmd";
    internal const string DistributionEndpointName = "dist";

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    public string StateDirectory { get; } = stateDirectory;

    public ParameterResource Password { get; } = password;

    /// <summary>The nodes of its cluster, this one first; only this one when it runs alone.</summary>
    public List<LocalRabbitMqResource> ClusterNodes => field ??= [this];

    public ReferenceExpression ConnectionStringExpression
        => ReferenceExpression.Create($"amqp://{RabbitMqAccess.User}:{Password}@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");
}
