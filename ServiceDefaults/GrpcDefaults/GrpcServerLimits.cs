using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>
/// Message size limits of a gRPC server, section <c>Grpc:Server</c> (e.g. <c>Grpc__Server__MaxReceiveMessageSize</c>).
/// Both are set rather than left to grpc-dotnet's defaults (4 MB in, unlimited out): the largest legitimate
/// messages (a 64-text Embed request, a 500-exercise ListExercises page) stay under 2 MB, so 4 MB either way refuses
/// a runaway message with RESOURCE_EXHAUSTED without ever touching real traffic.
/// </summary>
public sealed class GrpcServerLimits
{
    public const string Section = "Grpc:Server";

    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>A larger request is refused with RESOURCE_EXHAUSTED before the handler runs.</summary>
    [Range(1, int.MaxValue)]
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>A larger response ends the call with RESOURCE_EXHAUSTED instead of being sent.</summary>
    [Range(1, int.MaxValue)]
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;
}
