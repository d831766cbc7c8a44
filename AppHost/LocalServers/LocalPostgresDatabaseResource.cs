namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>One database of a <see cref="LocalPostgresResource"/>, created when the server is first ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression
        => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
