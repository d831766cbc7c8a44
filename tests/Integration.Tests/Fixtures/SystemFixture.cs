using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.AppHost.Services;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
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

    /// <summary>A streaming read replica of the PostgreSQL server.</summary>
    public const string ExtraReplica = "postgres-replica";

    /// <summary>How long a search replica keeps a result in its own memory in these tests (1 min in production).</summary>
    public static readonly TimeSpan SearchLocalCacheTtl = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);

    // The snapshot property Aspire reports an executable's or project's process id in (as the dashboard shows it).
    private const string ExecutablePidProperty = "executable.pid";
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _extraEnvironment = new();
    private readonly ConcurrentDictionary<string, StringBuilder> _logs = new();
    private readonly CancellationTokenSource _stopping = new();
    private StateSlot _slot = null!;

    public DistributedApplication App { get; private set; } = null!;

    public string StateDirectory => _slot.Directory;

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
        _slot = StateSlot.TakeFirstFree(StateRoot);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--FA_STATE_DIR={StateDirectory}", "--FA_DURABLE=false", "--FA_GATEWAY_PORT=0", "--FA_PROMETHEUS=false"],
            (application, _) => application.DisableDashboard = true);
        // Indexing's retry delays (1 s, 10 s, 60 s in production) shortened so that a poison message reaches the
        // parking queue within a test; the path it takes (delay queues, dead-lettering, parking) is the same.
        Resource<ProjectResource>(builder, "indexing")
            .WithEnvironment("Consumer__RetryDelays__0", "00:00:00.200")
            .WithEnvironment("Consumer__RetryDelays__1", "00:00:00.500")
            .WithEnvironment("Consumer__RetryDelays__2", "00:00:01");
        Embedding = [.. ServiceInstances(builder, "embedding")];
        Search = [.. ServiceInstances(builder, "search")];
        // The latency budget's deadlines (120-250 ms per call, docs/slo.md) widened: CI machines are shared and often
        // loaded, and a search that misses one degrades; these tests are about behaviour, the deadlines have their own.
        foreach (var replica in Search)
        {
            Resource<ProjectResource>(builder, replica)
                .WithEnvironment("Search__Resilience__CacheDeadline", "00:00:01")
                .WithEnvironment("Search__Resilience__EmbeddingDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__VectorIndexDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__KeywordDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__DetailsDeadline", "00:00:02")
                .WithEnvironment("Search__Resilience__OverallDeadline", "00:00:05")
                .WithEnvironment("Search__Cache__LocalTtl", SearchLocalCacheTtl.ToString("c"));
        }
        AddExtraInstances(builder);
        // The file the AppHost's service credential parameter was read from (or created in) while it was built.
        ServiceCredential = global::FitnessAssistant.AppHost.Credentials.ServiceCredential.LoadOrCreate(StateDirectory);

        App = await builder.BuildAsync();
        using var start = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(start.Token);
        // After the start, when the orchestrator knows every resource's instance; a log is streamed from its beginning.
        WatchLogs();
        foreach (var service in Services)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(service, start.Token);
        }
        Postgres = await ConnectionStringAsync("postgres") + ";Database=postgres";
        CatalogDb = await ConnectionStringAsync("catalogdb");
        VectorDb = await ConnectionStringAsync("vectordb");
        Redis = await ConnectionStringAsync("redis");
        RabbitMq = await ConnectionStringAsync("eventbus");
        GatewayCredentials = GatewayCredentials.LoadOrCreate(Path.Combine(StateDirectory, "credentials", "gateway.json"));
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
        _slot?.Dispose();
    }

    /// <summary>An endpoint of a resource, e.g. <c>Endpoint("search-1")</c> or <c>Endpoint("metadata", "grpc")</c>.</summary>
    public Uri Endpoint(string resource, string endpoint = "http") => App.GetEndpoint(resource, endpoint);

    /// <summary>The port the service itself listens on behind Aspire's proxy (<see cref="Endpoint"/> is the proxy's), as it was told.</summary>
    public int TargetPort(string resource, string endpoint)
    {
        var prefix = $"Kestrel__Endpoints__{endpoint}__Url=";
        var url = File.ReadAllText($"/proc/{Pid(resource)}/environ").Split('\0').Single(v => v.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];
        return new Uri(url).Port;
    }

    public bool IsRunning(string resource)
        => App.ResourceNotifications.TryGetCurrentState(resource, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running;

    /// <summary>Stops a resource as the dashboard's Stop does (not a crash: it stays stopped) and waits until it is down.</summary>
    public async Task StopAsync(string resource)
    {
        var pid = TryPid(resource);
        var command = App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        // A project runs under `dotnet run`, which does not always pass the orchestrator's stop on to the service
        // (microsoft/aspire#11046): once the resource is marked as stopping (so the AppHost does not restart it),
        // the service itself gets the SIGTERM, as it would from the orchestrator.
        await WaitForAsync(resource, snapshot => snapshot.State?.Text is { } state
            && (state == KnownResourceStates.Stopping || KnownResourceStates.TerminalStates.Contains(state)), "stopping");
        if (pid is { } service)
        {
            Posix.Signal(service, Posix.SigTerm);
        }
        var result = await command;
        await WaitForAsync(resource, snapshot => snapshot.State?.Text is { } state
            && (KnownResourceStates.TerminalStates.Contains(state) || (state == "Unknown" && pid is { } p && !Posix.IsAlive(p))),
            $"stopped (the stop command said: {(result.Success ? "done" : result.Message)})");
    }

    /// <summary>Starts a stopped resource and waits until this new run reports healthy.</summary>
    public async Task StartAsync(string resource)
    {
        var issued = DateTime.UtcNow.AddSeconds(-1);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        result.Success.Should().BeTrue($"starting {resource}: {result.Message}");
        await WaitForAsync(resource, snapshot => snapshot.StartTimeStamp > issued && IsHealthy(snapshot), "started and healthy");
    }

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
    public Task WaitHealthyAsync(string resource) => WaitForAsync(resource, IsHealthy, "healthy");

    private static bool IsHealthy(CustomResourceSnapshot snapshot)
        => snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy
           && snapshot.HealthReports.Length > 0 && snapshot.HealthReports.All(r => r.Status == HealthStatus.Healthy);

    /// <summary>
    /// The pid of the resource's own process: the server, or the service itself rather than the <c>dotnet</c> launcher
    /// Aspire may start it through.
    /// </summary>
    public int Pid(string resource)
        => TryPid(resource) ?? throw new InvalidOperationException($"{resource} has no process now.\n{LogTail(resource)}");

    private int? TryPid(string resource)
    {
        if (!App.ResourceNotifications.TryGetCurrentState(resource, out var current)
            || current.Snapshot.Properties.FirstOrDefault(p => p.Name == ExecutablePidProperty)?.Value is not { } value)
        {
            return null;
        }
        var pid = Convert.ToInt32(value, CultureInfo.InvariantCulture);
        while (ChildrenOf(pid) is [var child] && CommandLine(pid).Split('\0') is [var host, "run", ..] && Path.GetFileName(host) == "dotnet")
        {
            pid = child;
        }
        return pid;
    }

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
        while (!(App.ResourceNotifications.TryGetCurrentState(resource, out var current) && IsHealthy(current.Snapshot)
                 && TryPid(resource) is { } pid && pid != killedPid))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{resource} was not restarted within 2 minutes after process {killedPid} died.\n{LogTail(resource)}");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>What the resource wrote to its console so far (services log JSON lines).</summary>
    public string LogText(string resource) => _logs.TryGetValue(resource, out var text) ? Locked(text, t => t.ToString()) : "";

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

    public async Task<string> ConnectionStringAsync(string resource)
        => await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    private async Task WaitForAsync(string resource, Func<CustomResourceSnapshot, bool> condition, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await App.ResourceNotifications.WaitForResourceAsync(resource, change => condition(change.Snapshot), timeout.Token);
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            App.ResourceNotifications.TryGetCurrentState(resource, out var current);
            throw new TimeoutException($"{resource} was not {what} within 2 minutes: state {current?.Snapshot.State?.Text}, health " +
                $"{string.Join("; ", current?.Snapshot.HealthReports.Select(r => $"{r.Name} {r.Status} {r.Description} {r.ExceptionText}") ?? [])}\n" +
                LogTail(resource));
        }
    }

    private string LogTail(string resource) => string.Join('\n', LogText(resource).Split('\n').TakeLast(30));

    private void AddExtraInstances(IDistributedApplicationBuilder builder)
    {
        var search = ServiceInstances(builder, "search").Select(name => Resource<ProjectResource>(builder, name)).ToList();
        var metadata = Resource<ProjectResource>(builder, "metadata");
        var indexing = Resource<ProjectResource>(builder, "indexing");
        var redis = Resource<LocalRedisResource>(builder, "redis");
        var postgres = Resource<LocalPostgresResource>(builder, "postgres");
        var catalogDb = Resource<LocalPostgresDatabaseResource>(builder, "catalogdb");
        var catalogEventsPublisher = Resource<LocalRabbitMqUserResource>(builder, "eventbus-metadata");
        var serviceCredential = Resource<ParameterResource>(builder, "grpc-service-credential");
        var credentials = GatewayCredentials.LoadOrCreate(Path.Combine(StateDirectory, "credentials", "gateway.json"));
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
        builder.AddLocalPostgresReplica(ExtraReplica, postgres, StateDirectory, durable: false).WithExplicitStart();
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

    private void WatchLogs()
    {
        var logs = App.Services.GetRequiredService<ResourceLoggerService>();
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in model.Resources.Where(r => r is ProjectResource or ExecutableResource))
        {
            var text = _logs.GetOrAdd(resource.Name, _ => new StringBuilder());
            _ = Task.Run(async () =>
            {
                try
                {
                    // By the instance's id: a project's console output is kept under it, not under the resource's name.
                    var id = App.ResourceNotifications.TryGetCurrentState(resource.Name, out var current) ? current.ResourceId : resource.Name;
                    await foreach (var batch in logs.WatchAsync(id).WithCancellation(_stopping.Token))
                    {
                        Locked(text, t =>
                        {
                            foreach (var line in batch)
                            {
                                t.Append(line.Content).Append('\n');
                            }
                            return 0;
                        });
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });
        }
    }

    private static T Locked<T>(StringBuilder text, Func<StringBuilder, T> action)
    {
        lock (text)
        {
            return action(text);
        }
    }

    private static IEnumerable<string> ServiceInstances(IDistributedApplicationBuilder builder, string service)
        => builder.Resources.Select(r => r.Name).Where(n => n.StartsWith(service + "-", StringComparison.Ordinal) && int.TryParse(n[(service.Length + 1)..], out _)).Order();

    private static IResourceBuilder<T> Resource<T>(IDistributedApplicationBuilder builder, string name) where T : IResource
        => builder.CreateResourceBuilder(builder.Resources.OfType<T>().Single(r => r.Name == name));

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static IReadOnlyList<int> ChildrenOf(int pid)
    {
        try
        {
            return [.. File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)];
        }
        catch (IOException)
        {
            return [];
        }
    }
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
