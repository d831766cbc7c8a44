using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.AppHost;

/// <summary>
/// The whole system as resources: backing servers, then services in dependency order with their wiring.
/// </summary>
public sealed class SystemModel(Infrastructure infrastructure, int searchReplicas)
{
    public PostgresServer Postgres { get; } = infrastructure.AddPostgres("postgres").WithDatabase("catalogdb").WithDatabase("vectordb");

    public RedisServer Redis { get; } = infrastructure.AddRedis("redis");

    public RabbitMqServer EventBus { get; } = infrastructure.AddRabbitMq("eventbus");

    /// <summary>Services in start order: each starts once everything it references is healthy.</summary>
    public IReadOnlyList<ProjectResource> Services { get; } = BuildServices(infrastructure, searchReplicas);

    public ProjectResource Gateway => Services[^1];

    private static List<ProjectResource> BuildServices(Infrastructure infrastructure, int searchReplicas)
    {
        var root = infrastructure.StateRoot;
        var connections = infrastructure.ConnectionStringEnvironment;
        ProjectResource Project(string name, string folder, string? replica = null)
            => new ProjectResource(name, root, RepositoryLayout.Project(folder), replica).WithEnvironment(connections);

        var embedding = Project("embedding", "EmbeddingService").WithHttp2Endpoint("grpc");
        var metadata = Project("metadata", "MetadataService").WithHttp2Endpoint("grpc");
        var indexing = Project("indexing", "IndexingService")
            .WithReference("grpc", embedding).WithReference("grpc", metadata);
        var search = Enumerable.Range(1, searchReplicas)
            .Select(i => Project("search", "SearchService", i.ToString())
                .WithReference("grpc", embedding).WithReference("grpc", metadata))
            .ToArray();
        var gateway = Project("gateway", "Gateway")
            .WithReference("http", search).WithReference("http", metadata);
        return [embedding, metadata, indexing, .. search, gateway];
    }
}
