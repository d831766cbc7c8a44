namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>The wire names of gRPC over HTTP/2 that both sides use.</summary>
internal static class GrpcProtocol
{
    public const string ContentType = "application/grpc";
    public const string StatusHeader = "grpc-status";
    public const string MessageHeader = "grpc-message";
    public const string TimeoutHeader = "grpc-timeout";
    public const string EncodingHeader = "grpc-encoding";
    public const string AcceptEncodingHeader = "grpc-accept-encoding";

    /// <summary>The only message encoding this runtime speaks; compression is not worth it on loopback/LAN.</summary>
    public const string IdentityEncoding = "identity";

    /// <summary><c>application/grpc</c>, optionally followed by <c>+proto</c> (or another subtype) or parameters.</summary>
    public static bool IsGrpcContentType(string? contentType)
        => contentType is not null
           && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
           && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';');

    public static string Path(string service, string method) => $"/{service}/{method}";
}
