namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>
/// One database of a <see cref="LocalPostgresResource"/> as one service's login role sees it: the database's owner
/// (the service that migrates it), or, with <see cref="ReadsFrom"/>, a role that may only read what the owner made.
/// Created with its role when the server is first ready; its connection string names that role, never the superuser.
/// </summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresResource parent, string role,
    ParameterResource password, LocalPostgresDatabaseResource? readsFrom = null)
    : Resource(name), IResourceWithParent<LocalPostgresResource>, IResourceWithConnectionString
{
    private readonly List<string> _extensions = [];

    public LocalPostgresResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    /// <summary>The login role this resource's connection string names.</summary>
    public string Role { get; } = role;

    public ParameterResource Password { get; } = password;

    /// <summary>For a read-only role: the owner's resource, whose tables it may read.</summary>
    public LocalPostgresDatabaseResource? ReadsFrom { get; } = readsFrom;

    /// <summary>Extensions the superuser creates in the database, since its owner may not.</summary>
    public IReadOnlyList<string> Extensions => _extensions;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={Parent.Endpoint.Property(EndpointProperty.Port)};Username={Role};Password={Password};Database={DatabaseName}");

    internal void AddExtension(string extension)
    {
        if (!_extensions.Contains(extension, StringComparer.Ordinal))
        {
            _extensions.Add(extension);
        }
    }
}
