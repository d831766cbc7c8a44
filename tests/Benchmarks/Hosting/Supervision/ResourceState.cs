namespace FitnessAssistant.Hosting.Supervision;

/// <summary>Where a supervised resource is in its life, as the dashboard and the console show it.</summary>
public enum ResourceState
{
    /// <summary>Declared, waiting for the resources it depends on.</summary>
    Waiting,

    /// <summary>Its processes are starting; not yet ready.</summary>
    Starting,

    /// <summary>Running and its health probe answers healthy.</summary>
    Running,

    /// <summary>Running, but its health probe fails (for a service: a dependency check, or no answer at all).</summary>
    Unhealthy,

    /// <summary>It exited or failed to start, and will be started again after a backoff delay.</summary>
    Restarting,

    /// <summary>Being stopped on request.</summary>
    Stopping,

    /// <summary>Stopped on request (or never started).</summary>
    Stopped,

    /// <summary>Gave up: it could not be started (again) within the restart policy's attempts.</summary>
    Failed,
}
