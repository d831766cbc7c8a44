using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>Settings shared by every gRPC client of a process, section <c>Grpc:Client</c>.</summary>
public sealed class GrpcClientOptions
{
    public const string Section = "Grpc:Client";

    /// <summary>A larger response fails the call with RESOURCE_EXHAUSTED (the servers' send limit is the same, 4 MB).</summary>
    [Range(1, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = GrpcServerLimits.DefaultMaxMessageSize;

    /// <summary>Retries of a call that failed with UNAVAILABLE (a replica went away, or its dependency is down). gRPC allows at most 4.</summary>
    [Range(0, 4)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// Upper bound of the first retry's random delay; it grows ×2 per retry up to 1 s. Small, because search's
    /// calls have deadlines of 120-250 ms and a retry that sleeps past them is no retry.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan RetryInitialBackoff { get; set; } = TimeSpan.FromMilliseconds(20);
}
