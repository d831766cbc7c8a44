using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.Hosting.Supervision;

namespace FitnessAssistant.AppHost.Orchestration;

/// <summary>One resource the AppHost runs, with what the dashboard shows about it besides its live status.</summary>
/// <param name="Kind">What it is: postgres, redis, rabbitmq, project, prometheus.</param>
/// <param name="Endpoints">Where it listens, by endpoint name.</param>
/// <param name="DependsOn">The resources that must be running before it starts.</param>
public sealed record ManagedResource(
    ResourceSupervisor Supervisor,
    string Kind,
    IReadOnlyDictionary<string, Uri> Endpoints,
    IReadOnlyList<DevCredential> DevCredentials,
    IReadOnlyList<string> DependsOn)
{
    public string Name => Supervisor.Name;
}
