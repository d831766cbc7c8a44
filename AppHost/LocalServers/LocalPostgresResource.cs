namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// PostgreSQL 15 from Debian's binaries (pgvector from eng/install-prerequisites.sh), run as the <c>postgres</c> system
/// user because initdb and postgres refuse root. Its data directory survives AppHost runs. Its own connection string
/// signs in as the superuser: the AppHost's (readiness, role set-up), handed to no service.
/// </summary>
public sealed class LocalPostgresResource(string name, string stateDirectory, ParameterResource password)
    : ExecutableResource(name, "bash", stateDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";
    internal const string SystemUser = "postgres";

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    public ParameterResource Password { get; } = password;

    public string StateDirectory { get; } = stateDirectory;

    public string DataDirectory => Path.Combine(StateDirectory, "data");

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Endpoint.Property(EndpointProperty.Port)};Username={SystemUser};Password={Password}");
}
