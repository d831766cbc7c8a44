using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Grpc.Net.Client;

namespace FitnessAssistant.IntegrationTests.Fixtures;

/// <summary>
/// The real system for the whole test run: PostgreSQL, Redis and RabbitMQ start once, from nothing, through the
/// project's own hosting library; services start on demand (<see cref="EnsureRunningAsync"/>) with the same wiring
/// the AppHost uses, and everything stops at the end. A run killed half-way leaves pid files that the next run
/// uses to clean up.
/// </summary>
public sealed class ServersFixture : IAsyncLifetime
{
    public const string StateRoot = "/tmp/fitnessassistant-tests";

    /// <summary>How long a search replica keeps a result in its own memory in these tests (1 min in production).</summary>
    public static readonly TimeSpan SearchLocalCacheTtl = TimeSpan.FromSeconds(2);

    public FitnessSystem System { get; private set; } = null!;

    public PostgresServer Postgres => System.Postgres;

    public RedisServer Redis => System.Redis;

    public RabbitMqServer RabbitMq => System.EventBus;

    public string CatalogDb => Postgres.ConnectionStringFor("catalogdb");

    public string VectorDb => Postgres.ConnectionStringFor("vectordb");

    /// <summary>
    /// An admin bearer token signed with the run's key: what the gateway forwards, and what metadata's and indexing's
    /// admin endpoints need when a test calls them directly.
    /// </summary>
    public string AdminToken => field ??= System.GatewayCredentials.MintToken("integration-tests", ["admin"], TimeSpan.FromHours(12));

    /// <summary><paramref name="http"/>, sending <see cref="AdminToken"/> with every request.</summary>
    public HttpClient WithAdminToken(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    /// <summary>A channel to a service's gRPC endpoint whose calls carry the installation's service credential, as the services' do.</summary>
    public GrpcChannel ServiceChannel(Uri address) => GrpcChannel.ForAddress(address, ServiceCredentialOptions.ChannelOptions(System.ServiceCredential));

    /// <summary>Starts a service (and what it references) unless it is already running.</summary>
    public Task EnsureRunningAsync(ProjectResource service) => System.EnsureRunningAsync(service);

    public async Task InitializeAsync()
    {
        var infrastructure = Infrastructure.CreateInFirstFree(StateRoot);
        infrastructure.ResetState();
        System = new FitnessSystem(infrastructure, searchReplicas: 2, durable: false);
        // Indexing's retry delays (1 s, 10 s, 60 s in production) shortened so that a poison message reaches the
        // parking queue within a test; the path it takes (delay queues, dead-lettering, parking) is the same.
        System.Indexing
            .WithEnvironment("Consumer__RetryDelays__0", "00:00:00.200")
            .WithEnvironment("Consumer__RetryDelays__1", "00:00:00.500")
            .WithEnvironment("Consumer__RetryDelays__2", "00:00:01");
        // The latency budget's deadlines (120-250 ms per call, docs/slo.md) widened: CI machines are shared and often
        // loaded, and a search that misses one degrades; these tests are about behaviour, the deadlines have their own.
        foreach (var replica in System.Search)
        {
            replica
                .WithEnvironment("Search__Resilience__CacheDeadline", "00:00:01")
                .WithEnvironment("Search__Resilience__EmbeddingDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__VectorIndexDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__KeywordDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__DetailsDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__OverallDeadline", "00:00:05")
                .WithEnvironment("Search__Cache__LocalTtl", SearchLocalCacheTtl.ToString("c"));
        }
        await infrastructure.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await System.StopServicesAsync();
        await System.Infrastructure.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServersFixture>
{
    public const string Name = "servers";
}
