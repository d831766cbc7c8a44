namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// A call that ended with a status other than OK. Thrown by handlers to answer with that status (the detail is
/// sent to the client as <c>grpc-message</c>, the trailers as trailers), and by clients for any failed call.
/// </summary>
public sealed class GrpcException : Exception
{
    public GrpcException(GrpcStatusCode statusCode, string detail, GrpcMetadata? trailers = null, Exception? innerException = null)
        : base($"gRPC status {statusCode}: {detail}", innerException)
    {
        StatusCode = statusCode;
        Detail = detail;
        Trailers = trailers ?? new GrpcMetadata();
    }

    public GrpcStatusCode StatusCode { get; }

    public string Detail { get; }

    public GrpcMetadata Trailers { get; }
}
