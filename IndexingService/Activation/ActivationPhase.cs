namespace FitnessAssistant.IndexingService.Activation;

public enum ActivationPhase
{
    /// <summary>Comparing the version with the catalog and repairing what differs (before the switch, or after it when
    /// the catalog was unreachable and the version had missed nothing).</summary>
    CatchingUp,

    /// <summary>Pointing searches at the version.</summary>
    Switching,

    Succeeded,

    /// <summary>The version cannot be made current now (reason in <c>error</c>); searches keep the active version.</summary>
    Failed,

    /// <summary>Another activation was requested before this one finished; the later request wins.</summary>
    Superseded,

    /// <summary>The service stopped.</summary>
    Cancelled,
}
