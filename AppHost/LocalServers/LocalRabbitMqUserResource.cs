using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// One service's user of a <see cref="LocalRabbitMqResource"/>, with only the permissions that service needs;
/// created (or given its current password and permissions) when the broker is ready. Its connection string names it,
/// once per node of the broker's cluster (comma-separated URIs): a client connects to whichever node answers.
/// </summary>
public sealed class LocalRabbitMqUserResource(string name, string user, ParameterResource password, RabbitMqPermissions permissions,
    LocalRabbitMqResource parent)
    : Resource(name), IResourceWithParent<LocalRabbitMqResource>, IResourceWithConnectionString
{
    public LocalRabbitMqResource Parent { get; } = parent;

    public string User { get; } = user;

    public ParameterResource Password { get; } = password;

    public RabbitMqPermissions Permissions { get; } = permissions;

    public ReferenceExpression ConnectionStringExpression
    {
        get
        {
            var uris = new ReferenceExpressionBuilder();
            foreach (var node in Parent.ClusterNodes)
            {
                if (node != Parent.ClusterNodes[0])
                {
                    uris.AppendLiteral(",");
                }
                uris.Append($"amqp://{User}:{Password}@127.0.0.1:{node.Endpoint.Property(EndpointProperty.Port)}/");
            }
            return uris.Build();
        }
    }
}
