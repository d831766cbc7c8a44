using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>Settings shared by every gRPC client of a process, section <c>Grpc:Client</c>.</summary>
public sealed class GrpcClientOptions
{
    public const string SectionName = "Grpc:Client";

    /// <summary>Larger response messages fail the call with RESOURCE_EXHAUSTED.</summary>
    [Range(1, int.MaxValue - GrpcFraming.HeaderSize)]
    public int MaxReceiveMessageSize { get; set; } = GrpcFraming.DefaultMaxMessageSize;

    /// <summary>Unlimited by default, as in gRPC: the server's receive limit is the one that matters.</summary>
    [Range(1, int.MaxValue - GrpcFraming.HeaderSize)]
    public int MaxSendMessageSize { get; set; } = int.MaxValue - GrpcFraming.HeaderSize;

    /// <summary>Retries of an idempotent call that failed with UNAVAILABLE.</summary>
    [Range(0, 10)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First backoff delay; it doubles per retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
}
