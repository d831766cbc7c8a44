using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.Hosting;

/// <summary>
/// The whole FitnessAssistant system as resources, wired the same way for the AppHost and the integration tests:
/// backing servers, then services, each referencing what it calls.
/// </summary>
public sealed class FitnessSystem
{
    public FitnessSystem(Infrastructure infrastructure, int searchReplicas = 2, bool durable = true, int embeddingReplicas = 2)
    {
        Infrastructure = infrastructure;
        Postgres = infrastructure.AddPostgres("postgres", durable).WithDatabase("catalogdb").WithDatabase("vectordb");
        Redis = infrastructure.AddRedis("redis");
        EventBus = infrastructure.AddRabbitMq("eventbus");

        ServiceCredential = AppHost.Credentials.ServiceCredential.LoadOrCreate(infrastructure.StateRoot);
        // Callers balance over every embedding replica themselves (gRPC round robin, docs/grpc.md).
        Embedding = Enumerable.Range(1, embeddingReplicas)
            .Select(i => GrpcProject("embedding", "EmbeddingService", i.ToString()).WithHttp2Endpoint("grpc"))
            .ToList();
        GatewayCredentials = GatewayCredentials.LoadOrCreate(Path.Combine(infrastructure.StateRoot, "credentials", "gateway.json"));
        Metadata = GrpcProject("metadata", "MetadataService").WithHttp2Endpoint("grpc")
            .WithEnvironment(GatewayCredentials.TokenValidationEnvironment);
        Indexing = GrpcProject("indexing", "IndexingService").WithEnvironment(GatewayCredentials.TokenValidationEnvironment)
            .WithReference("grpc", [.. Embedding]).WithReference("grpc", Metadata);
        Search = Enumerable.Range(1, searchReplicas)
            .Select(i => GrpcProject("search", "SearchService", i.ToString())
                .WithReference("grpc", [.. Embedding]).WithReference("grpc", Metadata))
            .ToList();
        Gateway = CreateGateway();
    }

    /// <summary>The development API key and token signing key the gateway is started with (metadata and indexing get the signing key).</summary>
    public GatewayCredentials GatewayCredentials { get; }

    /// <summary>The installation's gRPC service credential, given to the services that serve or call gRPC.</summary>
    public string ServiceCredential { get; }

    public Infrastructure Infrastructure { get; }

    public PostgresServer Postgres { get; }

    public RedisServer Redis { get; }

    public RabbitMqServer EventBus { get; }

    public IReadOnlyList<ProjectResource> Embedding { get; }

    public ProjectResource Metadata { get; }

    public ProjectResource Indexing { get; }

    public IReadOnlyList<ProjectResource> Search { get; }

    public ProjectResource Gateway { get; }

    /// <summary>Every service, in an order where each comes after everything it references.</summary>
    public IReadOnlyList<ProjectResource> Services => [.. Embedding, Metadata, Indexing, .. Search, Gateway];

    /// <summary>Starts a service once the services it references are running (starting them first if needed).</summary>
    public async Task EnsureRunningAsync(ProjectResource service, CancellationToken cancellationToken = default)
    {
        foreach (var dependency in service.References)
        {
            await EnsureRunningAsync(dependency, cancellationToken);
        }
        if (!service.IsRunning)
        {
            await service.StartAsync(cancellationToken);
        }
    }

    public async Task StopServicesAsync()
    {
        foreach (var service in Services.Reverse())
        {
            await service.StopAsync();
        }
    }

    /// <summary>
    /// A gateway wired like <see cref="Gateway"/> (search replicas, metadata, indexing's admin API, Redis, credentials). Extra instances
    /// (e.g. a second replica in a test, <paramref name="replica"/> = "b") are not part of <see cref="Services"/>:
    /// whoever creates one stops it.
    /// </summary>
    public ProjectResource CreateGateway(string? replica = null)
        => Project("gateway", "Gateway", replica)
            .WithHttpEndpoint("management")
            .WithReference("http", [.. Search]).WithReference("http", Metadata).WithReference("http", Indexing)
            .WithEnvironment(GatewayCredentials.GatewayEnvironment);

    private ProjectResource GrpcProject(string name, string folder, string? replica = null)
        => Project(name, folder, replica).WithEnvironment(AppHost.Credentials.ServiceCredential.EnvironmentVariable, ServiceCredential);

    private ProjectResource Project(string name, string folder, string? replica = null)
        => new ProjectResource(name, Infrastructure.StateRoot, RepositoryLayout.Project(folder), replica)
            .WithEnvironment(Infrastructure.ConnectionStringEnvironment);
}
