using FitnessAssistant.AppHost.Prometheus;
using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.Hosting.Supervision;

namespace FitnessAssistant.AppHost.Orchestration;

/// <summary>
/// Every resource of this run with its supervisor, in display order: backing servers, services in dependency order,
/// then the tools (Prometheus).
/// </summary>
public sealed class ResourceCatalog
{
    private readonly Dictionary<string, ManagedResource> _byName;

    public ResourceCatalog(FitnessSystem system, PrometheusServer? prometheus, ILoggerFactory loggers)
    {
        System = system;
        // Services answer /health cheaply; servers are probed at the protocol level, which some log (RabbitMQ logs
        // every connection), so they are probed less often: their crashes are seen at once anyway, by process exit.
        ResourceSupervisor Supervise(ServerResource resource) => new(
            resource, loggers.CreateLogger($"FitnessAssistant.AppHost.Supervisor.{resource.Name}"),
            healthInterval: resource is ProjectResource ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(15));

        Servers = [.. system.Infrastructure.Resources.Select(server => new ManagedResource(
            Supervise(server), KindOf(server), ServerEndpoints(server), [], []))];
        var serverNames = Servers.Select(server => server.Name).ToList();
        Services = [.. system.Services.Select(service => new ManagedResource(
            Supervise(service), "project",
            service.EndpointNames.ToDictionary(endpoint => endpoint, service.EndpointUri),
            service.DevCredentials,
            [.. serverNames, .. service.References.Select(reference => reference.Name)]))];
        Prometheus = prometheus is null
            ? null
            : new ManagedResource(Supervise(prometheus), "prometheus",
                new Dictionary<string, Uri> { ["http"] = prometheus.HttpEndpoint }, [], []);
        _byName = All.ToDictionary(resource => resource.Name);
    }

    public FitnessSystem System { get; }

    public IReadOnlyList<ManagedResource> Servers { get; }

    public IReadOnlyList<ManagedResource> Services { get; }

    public ManagedResource? Prometheus { get; }

    public IEnumerable<ManagedResource> All => [.. Servers, .. Services, .. Prometheus is null ? [] : new[] { Prometheus }];

    public ManagedResource? Find(string name) => _byName.GetValueOrDefault(name);

    public ManagedResource this[ServerResource resource] => _byName[resource.Name];

    private static string KindOf(ServerResource server) => server switch
    {
        PostgresServer => "postgres",
        RedisServer => "redis",
        RabbitMqServer => "rabbitmq",
        _ => server.GetType().Name,
    };

    private static Dictionary<string, Uri> ServerEndpoints(ServerResource server) => server switch
    {
        PostgresServer postgres => new() { ["tcp"] = new Uri($"tcp://127.0.0.1:{postgres.Port}") },
        RedisServer redis => new() { ["tcp"] = new Uri($"tcp://127.0.0.1:{redis.Port}") },
        RabbitMqServer rabbit => new() { ["amqp"] = new Uri($"amqp://127.0.0.1:{rabbit.Port}") },
        _ => [],
    };
}
