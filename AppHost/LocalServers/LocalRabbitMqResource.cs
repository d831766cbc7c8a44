namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// RabbitMQ 3.10 from Debian, run as root without systemd: a private HOME (its own Erlang cookie), its own epmd and
/// distribution port on loopback, and a stable node name so durable queues survive restarts.
/// </summary>
public sealed class LocalRabbitMqResource(string name, string stateDirectory)
    : ExecutableResource(name, "bash", stateDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string EpmdEndpointName = "epmd";
    internal const string DistributionEndpointName = "dist";

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    public string StateDirectory { get; } = stateDirectory;

    public ReferenceExpression ConnectionStringExpression
        => ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{Endpoint.Property(EndpointProperty.Port)}/");
}
