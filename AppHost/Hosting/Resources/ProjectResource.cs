using System.Reflection;
using FitnessAssistant.Hosting.Processes;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>
/// One of the project's services, run from its build output (<c>dotnet Service.dll</c>) on free loopback ports.
/// Configuration reaches it as environment variables only, the way Aspire passes it, so the service runs unchanged
/// under any orchestrator: <c>ConnectionStrings__name</c>, <c>services__svc__endpoint__0</c>, Kestrel endpoints.
/// </summary>
public sealed class ProjectResource : ServerResource
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Dictionary<string, string> _environment = new();
    private readonly Dictionary<string, (int Port, bool Http2Only)> _endpoints = new();
    private readonly List<ProjectResource> _references = [];

    public ProjectResource(string name, string stateRoot, string projectDirectory, string? replicaSuffix = null)
        : base(replicaSuffix is null ? name : $"{name}-{replicaSuffix}", stateRoot)
    {
        ServiceName = name;
        ProjectDirectory = projectDirectory;
        _endpoints["http"] = (FreePort.Next(), false);
    }

    /// <summary>The service's name in service discovery (replicas share it).</summary>
    public string ServiceName { get; }

    public string ProjectDirectory { get; }

    public IReadOnlyDictionary<string, string> Environment => _environment;

    public Uri HttpEndpoint => EndpointUri("http");

    public override string ConnectionString => HttpEndpoint.ToString();

    public Uri EndpointUri(string endpoint) => new($"http://127.0.0.1:{_endpoints[endpoint].Port}");

    public IEnumerable<string> EndpointNames => _endpoints.Keys;

    /// <summary>The services this one calls; they start first.</summary>
    public IReadOnlyList<ProjectResource> References => _references;

    /// <summary>Adds a cleartext HTTP/2-only endpoint (gRPC needs prior-knowledge h2c).</summary>
    public ProjectResource WithHttp2Endpoint(string endpoint)
    {
        _endpoints[endpoint] = (FreePort.Next(), true);
        return this;
    }

    public ProjectResource WithEnvironment(string key, string value)
    {
        _environment[key] = value;
        return this;
    }

    public ProjectResource WithEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        foreach (var (key, value) in variables)
        {
            _environment[key] = value;
        }
        return this;
    }

    /// <summary>Service discovery: <c>services__{service}__{endpoint}__{i}</c> for each replica of <paramref name="replicas"/>.</summary>
    public ProjectResource WithReference(string endpoint, params ProjectResource[] replicas)
    {
        _references.AddRange(replicas.Except(_references));
        for (var i = 0; i < replicas.Length; i++)
        {
            _environment[$"services__{replicas[0].ServiceName}__{endpoint}__{i}"] = replicas[i].EndpointUri(endpoint).ToString();
        }
        return this;
    }

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var assembly = Path.Combine(ProjectDirectory, "bin", BuildConfiguration, "net10.0", Path.GetFileName(ProjectDirectory) + ".dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{assembly} is missing: build the solution ({BuildConfiguration}) first.");
        }
        var environment = new Dictionary<string, string>(_environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = _environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Development"),
            ["OTEL_SERVICE_NAME"] = ServiceName,
            ["OTEL_SERVICE_INSTANCE_ID"] = Name,
            ["DOTNET_NOLOGO"] = "1",
        };
        foreach (var (endpoint, (port, http2Only)) in _endpoints)
        {
            environment[$"Kestrel__Endpoints__{endpoint}__Url"] = $"http://127.0.0.1:{port}";
            if (http2Only)
            {
                environment[$"Kestrel__Endpoints__{endpoint}__Protocols"] = "Http2";
            }
        }
        await LaunchAsync(ServiceName, new ProcessSpec("dotnet", [assembly])
        {
            Environment = environment,
            WorkingDirectory = ProjectDirectory,
            StopTimeout = TimeSpan.FromSeconds(10),
        }, cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(HttpEndpoint, "/health"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Debug or Release: services are run from the same configuration the host itself was built in.</summary>
    private static string BuildConfiguration { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
