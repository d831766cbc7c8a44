using System.Reflection;
using System.Text.Json;
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
    private readonly List<DevCredential> _devCredentials = [];

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

    /// <summary>
    /// Credentials a developer needs to call this service locally (a dev API key, an admin token). The AppHost prints
    /// them with the public URLs and the dashboard shows them; they are for local development only.
    /// </summary>
    public IReadOnlyList<DevCredential> DevCredentials => _devCredentials;

    /// <summary>Pins an endpoint to a fixed port (e.g. the public gateway), instead of a free one chosen at random.</summary>
    public ProjectResource WithEndpointPort(string endpoint, int port)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        _endpoints[endpoint] = (port, _endpoints[endpoint].Http2Only);
        return this;
    }

    /// <summary>
    /// Shows a local-development credential with the public URLs and on the dashboard, e.g. the gateway's dev API
    /// key: <c>gateway.WithDevCredential("API key (header X-Api-Key)", credentials.ApiKey)</c>.
    /// </summary>
    public ProjectResource WithDevCredential(string label, string value)
    {
        _devCredentials.Add(new DevCredential(label, value));
        return this;
    }

    /// <summary>Adds another HTTP endpoint (e.g. a management port beside a public one).</summary>
    public ProjectResource WithHttpEndpoint(string endpoint)
    {
        _endpoints[endpoint] = (FreePort.Next(), false);
        return this;
    }

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

    /// <summary>GET /health: 200 is healthy; otherwise the detail names the checks that are not healthy.</summary>
    protected override async Task<HealthProbeResult> ProbeHealthAsync(CancellationToken cancellationToken)
    {
        using var response = await Probe.GetAsync(new Uri(HttpEndpoint, "/health"), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return HealthProbeResult.Healthy;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new HealthProbeResult(false, $"/health answered {(int)response.StatusCode}: {FailingChecks(body)}");
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

    /// <summary>The checks a /health report (ServiceDefaults' JSON) names as not healthy, or the raw body.</summary>
    private static string FailingChecks(string body)
    {
        try
        {
            using var report = JsonDocument.Parse(body);
            if (report.RootElement.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Object)
            {
                var failing = checks.EnumerateObject()
                    .Where(check => check.Value.TryGetProperty("status", out var status) && status.GetString() != "Healthy")
                    .Select(check => check.Value.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String
                        ? $"{check.Name} {check.Value.GetProperty("status").GetString()} ({description.GetString()})"
                        : $"{check.Name} {check.Value.GetProperty("status").GetString()}")
                    .ToList();
                if (failing.Count > 0)
                {
                    return string.Join("; ", failing);
                }
            }
        }
        catch (JsonException)
        {
        }
        return body.Length > 200 ? body[..200] : body;
    }

    /// <summary>Debug or Release: services are run from the same configuration the host itself was built in.</summary>
    private static string BuildConfiguration { get; } =
        Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
