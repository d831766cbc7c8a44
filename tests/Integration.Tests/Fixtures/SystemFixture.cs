using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.AppHost.Services;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Grpc.Net.Client;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Fixtures;

/// <summary>
/// The real system for the whole test run: the AppHost's own application model (AppHost/Program.cs), run in process by
/// Aspire.Hosting.Testing with real PostgreSQL, Redis and RabbitMQ on a fresh state directory, started once and stopped
/// at the end. Tests reach resources by their AppHost names (<c>search-1</c>, <c>redis</c>, ...) and stop, start or
/// kill them through Aspire's resource model. A few tests need a service configured differently beside the system
/// (a gateway with its own keys, a small-queue embedding service, ...): the fixture declares such extra instances
/// with the AppHost's extension methods, not started, and a test starts one with its own variables
/// (<see cref="StartExtraAsync"/>).
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string StateRoot = "/tmp/fitnessassistant-tests";

    /// <summary>Extra gateways wired like the AppHost's (search, metadata, indexing, Redis, credentials).</summary>
    public static readonly IReadOnlyList<string> ExtraGateways = ["gateway-extra-1", "gateway-extra-2"];

    /// <summary>An extra embedding service (no one calls it unless a test does).</summary>
    public const string ExtraEmbedding = "embedding-extra";

    /// <summary>An extra metadata service on the catalog and the event bus.</summary>
    public const string ExtraMetadata = "metadata-extra";

    /// <summary>The AppHost's streaming read replica of the PostgreSQL server (metadata's <c>catalogdb-read</c>).</summary>
    public const string Replica = "postgres-replica";

    /// <summary>How long a search replica keeps a result in its own memory in these tests (1 min in production).</summary>
    public static readonly TimeSpan SearchLocalCacheTtl = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _extraEnvironment = new();
    private AppHostRun _run = null!;

    public DistributedApplication App => _run.App;

    public string StateDirectory => _run.StateDirectory;

    /// <summary>The development API key and token signing key the AppHost gave the gateway.</summary>
    public GatewayCredentials GatewayCredentials { get; private set; } = null!;

    /// <summary>The PostgreSQL server as its superuser, database <c>postgres</c>.</summary>
    public string Postgres { get; private set; } = "";

    public string CatalogDb { get; private set; } = "";

    public string VectorDb { get; private set; } = "";

    public string Redis { get; private set; } = "";

    /// <summary>RabbitMQ as the AppHost's administrator user (no service has it).</summary>
    public string RabbitMq { get; private set; } = "";

    /// <summary>The installation's gRPC service credential the AppHost gave the gRPC services.</summary>
    public string ServiceCredential { get; private set; } = "";

    /// <summary>
    /// An admin bearer token signed with the run's key: what the gateway forwards, and what metadata's and indexing's
    /// admin endpoints need when a test calls them directly.
    /// </summary>
    public string AdminToken => field ??= GatewayCredentials.MintToken("integration-tests", ["admin"], TimeSpan.FromHours(12));

    public IReadOnlyList<string> Embedding { get; private set; } = [];

    public IReadOnlyList<string> Search { get; private set; } = [];

    /// <summary>Every service the AppHost declares, each after what it references.</summary>
    public IReadOnlyList<string> Services => [.. Embedding, "metadata", "indexing", .. Search, "gateway"];

    public string PostgresFor(string database) => new NpgsqlConnectionStringBuilder(Postgres) { Database = database }.ConnectionString;

    /// <summary><paramref name="http"/>, sending <see cref="AdminToken"/> with every request.</summary>
    public HttpClient WithAdminToken(HttpClient http)
    {
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        return http;
    }

    /// <summary>A channel to a service's gRPC endpoint whose calls carry the installation's service credential, as the services' do.</summary>
    public GrpcChannel ServiceChannel(Uri address) => GrpcChannel.ForAddress(address, ServiceCredentialOptions.ChannelOptions(ServiceCredential));

    public async Task InitializeAsync()
    {
        _run = await AppHostRun.CreateAsync(StateRoot);
        // Indexing's retry delays (1 s, 10 s, 60 s in production) shortened so that a poison message reaches the
        // parking queue within a test; the path it takes (delay queues, dead-lettering, parking) is the same.
        _run.Resource<ProjectResource>("indexing")
            .WithEnvironment("Consumer__RetryDelays__0", "00:00:00.200")
            .WithEnvironment("Consumer__RetryDelays__1", "00:00:00.500")
            .WithEnvironment("Consumer__RetryDelays__2", "00:00:01");
        Embedding = _run.Instances("embedding");
        Search = _run.Instances("search");
        // The latency budget's deadlines (120-250 ms per call, docs/slo.md) widened: CI machines are shared and often
        // loaded, and a search that misses one degrades; these tests are about behaviour, the deadlines have their own.
        foreach (var replica in Search)
        {
            _run.Resource<ProjectResource>(replica)
                .WithEnvironment("Search__Resilience__CacheDeadline", "00:00:01")
                .WithEnvironment("Search__Resilience__EmbeddingDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__VectorIndexDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__KeywordDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__DetailsDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__OverallDeadline", "00:00:05")
                .WithEnvironment("Search__Cache__LocalTtl", SearchLocalCacheTtl.ToString("c"));
        }
        GatewayCredentials = _run.GatewayCredentials;
        AddExtraInstances();
        ServiceCredential = _run.ServiceCredential;

        await _run.StartAsync(StartTimeout);
        Postgres = await ConnectionStringAsync("postgres") + ";Database=postgres";
        CatalogDb = await ConnectionStringAsync("catalogdb");
        VectorDb = await ConnectionStringAsync("vectordb");
        Redis = await ConnectionStringAsync("redis");
        RabbitMq = await ConnectionStringAsync("eventbus");
    }

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }

    /// <summary>An endpoint of a resource, e.g. <c>Endpoint("search-1")</c> or <c>Endpoint("metadata", "grpc")</c>.</summary>
    public Uri Endpoint(string resource, string endpoint = "http") => _run.Endpoint(resource, endpoint);

    /// <summary>The port the service itself listens on behind Aspire's proxy (<see cref="Endpoint"/> is the proxy's), as it was told.</summary>
    public int TargetPort(string resource, string endpoint) => _run.TargetEndpoint(resource, endpoint).Port;

    public bool IsRunning(string resource) => _run.IsRunning(resource);

    /// <summary>Stops a resource as the dashboard's Stop does (not a crash: it stays stopped) and waits until it is down.</summary>
    public Task StopAsync(string resource) => _run.StopAsync(resource);

    /// <summary>Starts a stopped resource and waits until this new run reports healthy.</summary>
    public Task StartAsync(string resource) => _run.StartAsync(resource);

    /// <summary>
    /// For a test that relies on a resource an earlier test may have stopped (or crashed): starts it if it is stopped,
    /// and waits until it is healthy.
    /// </summary>
    public async Task EnsureRunningAsync(string resource)
    {
        App.ResourceNotifications.TryGetCurrentState(resource, out var current);
        if (current?.Snapshot.State?.Text is { } state && (state == KnownResourceStates.NotStarted || state == "Unknown" || KnownResourceStates.TerminalStates.Contains(state)))
        {
            // A crashed resource may be restarting by itself meanwhile: then this start is refused, and the wait holds.
            await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        }
        await WaitHealthyAsync(resource);
    }

    /// <summary>Waits until the resource runs and its health checks pass (after a start, or a restart after a crash).</summary>
    public Task WaitHealthyAsync(string resource) => _run.WaitForAsync(resource, AppHostRun.IsHealthy, "healthy");

    /// <summary>
    /// The pid of the resource's own process: the server, or the service itself rather than the <c>dotnet</c> launcher
    /// Aspire may start it through.
    /// </summary>
    public int Pid(string resource)
        => _run.TryPid(resource) ?? throw new InvalidOperationException($"{resource} has no process now.\n{_run.LogTail(resource)}");

    /// <summary>SIGKILL to the resource's process: a crash, which the AppHost answers with a restart.</summary>
    public int Kill(string resource)
    {
        var pid = Pid(resource);
        Posix.Signal(pid, Posix.SigKill);
        return pid;
    }

    /// <summary>Waits until a resource whose process <paramref name="killedPid"/> died runs again, restarted by the AppHost, and is healthy.</summary>
    public async Task WaitRestartedAsync(string resource, int killedPid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(App.ResourceNotifications.TryGetCurrentState(resource, out var current) && AppHostRun.IsHealthy(current.Snapshot)
                 && _run.TryPid(resource) is { } pid && pid != killedPid))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{resource} was not restarted within 2 minutes after process {killedPid} died.\n{_run.LogTail(resource)}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>What the resource wrote to its console so far (services log JSON lines).</summary>
    public string LogText(string resource) => _run.LogText(resource);

    /// <summary>
    /// Starts one of the extra instances with <paramref name="environment"/> on top of its wiring (a variable named
    /// there wins over the AppHost's), waits until it is healthy, and stops it again when the result is disposed.
    /// </summary>
    public async Task<ExtraInstance> StartExtraAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        _extraEnvironment[name] = environment;
        await StartAsync(name);
        return new ExtraInstance(this, name);
    }

    public Task<string> ConnectionStringAsync(string resource) => _run.ConnectionStringAsync(resource);

    private void AddExtraInstances()
    {
        var builder = _run.Builder;
        var search = Search.Select(_run.Resource<ProjectResource>).ToList();
        var metadata = _run.Resource<ProjectResource>("metadata");
        var indexing = _run.Resource<ProjectResource>("indexing");
        var redis = _run.Resource<LocalRedisResource>("redis");
        var catalogDb = _run.Resource<LocalPostgresDatabaseResource>("catalogdb");
        var catalogEventsPublisher = _run.Resource<LocalRabbitMqUserResource>("eventbus-metadata");
        var serviceCredential = _run.Resource<ParameterResource>("grpc-service-credential");
        var credentials = GatewayCredentials;
        foreach (var name in ExtraGateways)
        {
            var gateway = builder.AddService<Projects.Gateway>(name)
                .WithKestrelEndpoint("management")
                .WithReference("search", "http", search)
                .WithReference(metadata)
                .WithReference(indexing)
                .WithReference(redis);
            foreach (var (variable, value) in credentials.GatewayEnvironment)
            {
                gateway.WithEnvironment(variable, value);
            }
            Extra(gateway);
        }
        Extra(builder.AddService<Projects.EmbeddingService>(ExtraEmbedding).WithKestrelEndpoint("grpc", http2Only: true)
            .WithServiceCredential(serviceCredential));
        var extraMetadata = builder.AddService<Projects.MetadataService>(ExtraMetadata)
            .WithKestrelEndpoint("grpc", http2Only: true)
            .WithServiceCredential(serviceCredential)
            .WithReference(catalogDb)
            .WithReference(catalogEventsPublisher, "eventbus");
        foreach (var (variable, value) in credentials.TokenValidationEnvironment)
        {
            extraMetadata.WithEnvironment(variable, value);
        }
        Extra(extraMetadata);
    }

    /// <summary>Not started with the system; its test's variables are applied last, so they win.</summary>
    private void Extra(IResourceBuilder<ProjectResource> service)
        => service.WithExplicitStart().WithEnvironment(context =>
        {
            foreach (var (variable, value) in _extraEnvironment.GetValueOrDefault(service.Resource.Name, new Dictionary<string, string>()))
            {
                context.EnvironmentVariables[variable] = value;
            }
        });
}

/// <summary>An extra instance a test started; disposing it stops it.</summary>
public sealed class ExtraInstance(SystemFixture system, string name) : IAsyncDisposable
{
    public string Name => name;

    public Uri Endpoint(string endpoint = "http") => system.Endpoint(name, endpoint);

    public int Pid => system.Pid(name);

    public async ValueTask DisposeAsync() => await system.StopAsync(name);
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
