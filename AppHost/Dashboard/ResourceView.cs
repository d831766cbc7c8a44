using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.Hosting.Supervision;

namespace FitnessAssistant.AppHost.Dashboard;

/// <summary>One row of the dashboard's resource table.</summary>
public sealed record ResourceView(
    string Name,
    string Kind,
    string State,
    string? Detail,
    string Health,
    string? HealthDetail,
    int Restarts,
    DateTimeOffset StateSince,
    IReadOnlyList<int> Pids,
    IReadOnlyDictionary<string, string> Endpoints,
    IReadOnlyList<DevCredential> Credentials,
    IReadOnlyList<string> DependsOn,
    ResourceExit? LastExit,
    string LogsUrl);

/// <summary>Where things are, for the dashboard's header; <see cref="Startup"/> is starting, complete or failed.</summary>
public sealed record SystemInfo(string Gateway, string Dashboard, string? Prometheus, string StateDirectory, string Startup);
