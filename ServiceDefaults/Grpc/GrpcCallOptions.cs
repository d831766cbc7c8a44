namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>Per-call settings of a client call.</summary>
public sealed record GrpcCallOptions
{
    internal static readonly GrpcCallOptions Default = new();

    /// <summary>Absolute deadline; sent to the server as <c>grpc-timeout</c>, which cancels its handler too.</summary>
    public DateTime? Deadline { get; init; }

    /// <summary>Relative deadline, counted from the start of the call (the earlier of the two wins).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Custom request metadata.</summary>
    public GrpcMetadata? Headers { get; init; }

    /// <summary>Safe to send twice: only then is UNAVAILABLE retried, with exponential backoff within the deadline.</summary>
    public bool Idempotent { get; init; }

    internal DateTime? ResolveDeadline()
    {
        DateTime? fromTimeout = Timeout is { } timeout ? DateTime.UtcNow + timeout : null;
        DateTime? absolute = Deadline?.ToUniversalTime();
        return (absolute, fromTimeout) switch
        {
            ({ } a, { } t) => a < t ? a : t,
            _ => absolute ?? fromTimeout,
        };
    }
}
