using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FitnessAssistant.AppHost.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.AppHostRuns;

/// <summary>
/// The AppHost's own application model (AppHost/Program.cs) run in process by Aspire.Hosting.Testing, with real
/// PostgreSQL, Redis and RabbitMQ on a state slot of its own (the first free one under a root, emptied, locked), no
/// dashboard, no Prometheus, no fsync and a gateway port Aspire chooses. Between <see cref="CreateAsync"/> and
/// <see cref="StartAsync"/> the caller adjusts the model (<see cref="Resource{T}"/>, extra resources, or
/// <see cref="StartOnly"/> for part of the system); afterwards it reaches resources by their AppHost names
/// (<c>search-1</c>, <c>redis</c>, ...) and stops or starts them through Aspire's resource model.
/// </summary>
public sealed class AppHostRun : IAsyncDisposable
{
    // The snapshot property Aspire reports an executable's or project's process id in (as the dashboard shows it).
    private const string ExecutablePidProperty = "executable.pid";
    private readonly StateSlot _slot;
    private readonly ConcurrentDictionary<string, StringBuilder> _logs = new();
    private readonly CancellationTokenSource _stopping = new();
    private DistributedApplication? _app;

    private AppHostRun(StateSlot slot, IDistributedApplicationTestingBuilder builder)
    {
        _slot = slot;
        Builder = builder;
    }

    public IDistributedApplicationTestingBuilder Builder { get; }

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The run has not been started.");

    public string StateDirectory => _slot.Directory;

    /// <summary>The development API key and token signing key the AppHost gives the gateway (its file exists once the model is built).</summary>
    public GatewayCredentials GatewayCredentials => GatewayCredentials.LoadOrCreate(Path.Combine(StateDirectory, "credentials", "gateway.json"));

    /// <summary>The installation's gRPC service credential the AppHost gives the gRPC services.</summary>
    public string ServiceCredential => AppHost.Credentials.ServiceCredential.LoadOrCreate(StateDirectory);

    /// <summary>
    /// Takes the first free state slot under <paramref name="stateRoot"/> and builds the AppHost's model on it;
    /// <paramref name="arguments"/> (e.g. <c>--FA_SEARCH_REPLICAS=1</c>) come after the run's own and win.
    /// </summary>
    public static async Task<AppHostRun> CreateAsync(string stateRoot, params IEnumerable<string> arguments)
    {
        var slot = StateSlot.TakeFirstFree(stateRoot);
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [$"--FA_STATE_DIR={slot.Directory}", "--FA_DURABLE=false", "--FA_GATEWAY_PORT=0", "--FA_PROMETHEUS=false", .. arguments],
                (application, _) => application.DisableDashboard = true);
            // The resources' consoles are kept per resource (LogText), and a resource is unhealthy until it has started.
            builder.Services.AddLogging(logging => logging
                .AddFilter("Aspire.Hosting", LogLevel.Warning)
                .AddFilter("AppHost.Resources", LogLevel.None)
                .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
            return new AppHostRun(slot, builder);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Lifts the gateway's rate limits (the development key's plan and the per-address limit) before the start, so that
    /// a load run measures the services and their own shedding, not the plan.
    /// </summary>
    public void LiftGatewayRateLimits()
    {
        var gateway = Resource<ProjectResource>("gateway");
        foreach (var (key, value) in new Dictionary<string, string>
        {
            [$"RateLimiting__Plans__{GatewayCredentials.DevelopmentKeyPlan}__Limit"] = "10000000",
            [$"RateLimiting__Plans__{GatewayCredentials.DevelopmentKeyPlan}__Window"] = "00:01:00",
            [$"RateLimiting__Plans__{GatewayCredentials.DevelopmentKeyPlan}__Burst"] = "1000000",
            ["RateLimiting__ClientAddress__Limit"] = "10000000",
            ["RateLimiting__ClientAddress__Burst"] = "1000000",
        })
        {
            gateway.WithEnvironment(key, value);
        }
    }

    /// <summary>A resource of the model by its AppHost name, to configure it before the start.</summary>
    public IResourceBuilder<T> Resource<T>(string name) where T : IResource
        => Builder.CreateResourceBuilder(Builder.Resources.OfType<T>().Single(r => r.Name == name));

    /// <summary>The instances the AppHost declares of a service (<c>search-1</c>, <c>search-2</c>, ...).</summary>
    public IReadOnlyList<string> Instances(string service)
        => [.. Builder.Resources.Select(r => r.Name).Where(n => n.StartsWith(service + "-", StringComparison.Ordinal) && int.TryParse(n[(service.Length + 1)..], out _)).Order()];

    /// <summary>
    /// Part of the system: only <paramref name="resources"/> and what they wait for (and their parents: a database's
    /// server) start with the run; every other resource stays declared and can be started later.
    /// </summary>
    public void StartOnly(params IEnumerable<string> resources)
    {
        var needed = new HashSet<IResource>();
        var pending = new Stack<IResource>(resources.Select(name => Builder.Resources.Single(r => r.Name == name)));
        while (pending.TryPop(out var resource))
        {
            if (!needed.Add(resource))
            {
                continue;
            }
            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
            {
                pending.Push(wait.Resource);
            }
            if (resource is IResourceWithParent child)
            {
                pending.Push(child.Parent);
            }
        }
        foreach (var resource in Builder.Resources.Where(r => r is ProjectResource or ExecutableResource && !needed.Contains(r)))
        {
            resource.Annotations.Add(new ExplicitStartupAnnotation());
        }
    }

    /// <summary>
    /// Builds and starts the model and waits until every service that starts with it (and every resource in
    /// <paramref name="alsoHealthy"/>) is healthy. Consoles are captured from the start (<see cref="LogText"/>).
    /// </summary>
    public async Task StartAsync(TimeSpan timeout, params IEnumerable<string> alsoHealthy)
    {
        var services = Builder.Resources.OfType<ProjectResource>().Where(r => !r.HasAnnotationOfType<ExplicitStartupAnnotation>()).Select(r => r.Name);
        _app = await Builder.BuildAsync();
        using var start = new CancellationTokenSource(timeout);
        await _app.StartAsync(start.Token);
        // After the start, when the orchestrator knows every resource's instance; a log is streamed from its beginning.
        WatchLogs();
        foreach (var resource in services.Concat(alsoHealthy))
        {
            try
            {
                // Through a crash too: the AppHost restarts a crashed resource, as it would outside a test.
                await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, WaitBehavior.WaitOnResourceUnavailable, start.Token);
            }
            catch (OperationCanceledException) when (start.IsCancellationRequested)
            {
                throw new TimeoutException($"{resource} was not healthy within {timeout}.\n{LogTail(resource)}");
            }
        }
    }

    /// <summary>An endpoint of a resource, e.g. <c>Endpoint("search-1")</c> or <c>Endpoint("metadata", "grpc")</c>.</summary>
    public Uri Endpoint(string resource, string endpoint = "http") => App.GetEndpoint(resource, endpoint);

    /// <summary>
    /// Where the service itself listens, as it was told (<c>Kestrel__Endpoints__{endpoint}__Url</c>): for a proxied endpoint
    /// <see cref="Endpoint"/> is Aspire's proxy in front of it.
    /// </summary>
    public Uri TargetEndpoint(string resource, string endpoint = "http")
    {
        var prefix = $"Kestrel__Endpoints__{endpoint}__Url=";
        var pid = TryPid(resource) ?? throw new InvalidOperationException($"{resource} has no process now.\n{LogTail(resource)}");
        return new Uri(File.ReadAllText($"/proc/{pid}/environ").Split('\0').Single(v => v.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..]);
    }

    public async Task<string> ConnectionStringAsync(string resource)
        => await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    public bool IsRunning(string resource)
        => App.ResourceNotifications.TryGetCurrentState(resource, out var current) && current.Snapshot.State?.Text == KnownResourceStates.Running;

    /// <summary>Running, and its health checks pass.</summary>
    public static bool IsHealthy(CustomResourceSnapshot snapshot)
        => snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy
           && snapshot.HealthReports.Length > 0 && snapshot.HealthReports.All(r => r.Status == HealthStatus.Healthy);

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

    /// <summary>Starts a stopped (or not yet started) resource and waits until this new run reports healthy.</summary>
    public async Task StartAsync(string resource)
    {
        var issued = DateTime.UtcNow.AddSeconds(-1);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        if (!result.Success)
        {
            throw new InvalidOperationException($"starting {resource}: {result.Message}");
        }
        await WaitForAsync(resource, snapshot => snapshot.StartTimeStamp > issued && IsHealthy(snapshot), "started and healthy");
    }

    /// <summary>
    /// Starts a resource declared but not started (<see cref="StartOnly"/>) after what it waits for, starting that first
    /// where it has not started either; a resource that runs is left as it is.
    /// </summary>
    public async Task EnsureStartedAsync(string resource)
    {
        var declared = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        foreach (var dependency in declared.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource)
                     .Concat(declared is IResourceWithParent child ? [child.Parent] : []))
        {
            await EnsureStartedAsync(dependency.Name);
        }
        if (declared is (ProjectResource or ExecutableResource) && !IsRunning(resource))
        {
            await StartAsync(resource);
        }
    }

    /// <summary>Waits until the resource's state satisfies <paramref name="condition"/>, at most 2 minutes.</summary>
    public async Task WaitForAsync(string resource, Func<CustomResourceSnapshot, bool> condition, string what)
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

    /// <summary>
    /// The pid of the resource's own process: the server, or the service itself rather than the <c>dotnet</c> launcher
    /// Aspire may start it through; null while it has none.
    /// </summary>
    public int? TryPid(string resource)
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

    /// <summary>
    /// The pid of the process named <paramref name="name"/> (its <c>comm</c>) under the resource's own process: a server
    /// a launcher script runs, such as RabbitMQ's Erlang VM (<c>beam.smp</c>); null while there is none.
    /// </summary>
    public int? TryDescendantPid(string resource, string name)
    {
        var pending = new Stack<int>(TryPid(resource) is { } root ? [root] : []);
        while (pending.TryPop(out var pid))
        {
            foreach (var child in ChildrenOf(pid))
            {
                if (ProcessName(child) == name)
                {
                    return child;
                }
                pending.Push(child);
            }
        }
        return null;
    }

    /// <summary>What the resource wrote to its console so far (services log JSON lines).</summary>
    public string LogText(string resource) => _logs.TryGetValue(resource, out var text) ? Locked(text, t => t.ToString()) : "";

    public string LogTail(string resource) => string.Join('\n', LogText(resource).Split('\n').TakeLast(30));

    /// <summary>Stops every resource (Aspire's orchestrator stops the processes) and releases the state slot.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        else
        {
            await Builder.DisposeAsync();
        }
        _slot.Dispose();
        _stopping.Dispose();
    }

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

    private static string ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
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
