using Microsoft.AspNetCore.Http;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>What a handler knows about its call besides the request message.</summary>
public sealed class GrpcCallContext
{
    internal GrpcCallContext(HttpContext httpContext, string service, string method, DateTime? deadline, CancellationToken cancellationToken)
    {
        HttpContext = httpContext;
        Service = service;
        Method = method;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        RequestHeaders = GrpcMetadata.FromHeaders(httpContext.Request.Headers);
    }

    public string Service { get; }

    public string Method { get; }

    /// <summary>The client's deadline (UTC) from <c>grpc-timeout</c>, or null when the client set none.</summary>
    public DateTime? Deadline { get; }

    /// <summary>Cancelled when the deadline passes or the client goes away; pass it to everything the handler awaits.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The client's custom metadata (protocol headers left out).</summary>
    public GrpcMetadata RequestHeaders { get; }

    /// <summary>Sent with the first response message (or with the status if there is none); add before then.</summary>
    public GrpcMetadata ResponseHeaders { get; } = new();

    /// <summary>Sent after the last message, with <c>grpc-status</c>.</summary>
    public GrpcMetadata ResponseTrailers { get; } = new();

    /// <summary>The underlying request, e.g. for <c>RequestServices</c>.</summary>
    public HttpContext HttpContext { get; }
}
