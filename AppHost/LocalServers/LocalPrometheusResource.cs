namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>Prometheus from Debian: scrapes every service's <c>/metrics</c> and evaluates prometheus/alerts.yml.</summary>
public sealed class LocalPrometheusResource(string name, string stateDirectory)
    : ExecutableResource(name, "/usr/bin/prometheus", stateDirectory)
{
    internal const string EndpointName = "http";

    public EndpointReference Endpoint => field ??= new(this, EndpointName);

    public string StateDirectory { get; } = stateDirectory;

    public string ConfigurationDirectory => Path.Combine(StateDirectory, "config");
}
