namespace FitnessAssistant.Hosting.Supervision;

/// <summary>A resource's state at one moment, as the dashboard and the console report it.</summary>
/// <param name="IsHealthy">The last health probes' verdict; null before the first one after a start.</param>
/// <param name="Pids">The live processes (a server may have more than one, e.g. RabbitMQ and its epmd).</param>
public sealed record ResourceStatus(
    string Name,
    ResourceState State,
    string? Detail,
    bool? IsHealthy,
    string? HealthDetail,
    int RestartCount,
    DateTimeOffset StateSince,
    ResourceExit? LastExit,
    IReadOnlyList<int> Pids);

/// <summary>The last unrequested exit of one of a resource's processes.</summary>
public sealed record ResourceExit(string Process, int? ExitCode, DateTimeOffset At);
