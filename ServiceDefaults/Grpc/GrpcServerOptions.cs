using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>Limits of the gRPC server, section <c>Grpc:Server</c> (e.g. <c>Grpc__Server__MaxReceiveMessageSize</c>).</summary>
public sealed class GrpcServerOptions
{
    public const string SectionName = "Grpc:Server";

    /// <summary>Larger request messages are refused with RESOURCE_EXHAUSTED before they are read.</summary>
    [Range(1, int.MaxValue - GrpcFraming.HeaderSize)]
    public int MaxReceiveMessageSize { get; set; } = GrpcFraming.DefaultMaxMessageSize;

    /// <summary>A handler's larger response message ends the call with RESOURCE_EXHAUSTED instead of being sent.</summary>
    [Range(1, int.MaxValue - GrpcFraming.HeaderSize)]
    public int MaxSendMessageSize { get; set; } = GrpcFraming.DefaultMaxMessageSize;
}
