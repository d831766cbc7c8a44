using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// One gRPC call on the server, from the HTTP/2 request to the status: checks the protocol, applies the deadline,
/// reads the single request message, runs the handler and turns whatever happens into <c>grpc-status</c>.
/// </summary>
internal static partial class GrpcServerCall
{
    // TimeSpans beyond this do not fit CancelAfter; a client deadline that far away is no deadline.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(40);

    public static async Task HandleAsync<TRequest>(HttpContext http, string service, string method,
        Func<TRequest, GrpcCallContext, ResponseWriter, Task> invoke)
        where TRequest : class, IMessage<TRequest>, new()
    {
        if (!IsGrpcRequest(http))
        {
            return;
        }
        var options = http.RequestServices.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        using var activity = GrpcTelemetry.StartCall(service, method, ActivityKind.Server);
        // The runtime enforces its own per-message limit; Kestrel's whole-body limit would cut streams short.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        var timeoutHeader = http.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        TimeSpan? timeout = null;
        if (timeoutHeader.Length > 0)
        {
            if (!GrpcTimeout.TryParse(timeoutHeader, out var parsed))
            {
                activity.SetStatus(GrpcStatusCode.Internal);
                WriteTrailersOnly(http, GrpcStatusCode.Internal, $"Malformed grpc-timeout '{timeoutHeader}'.");
                return;
            }
            timeout = parsed;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        if (timeout < MaxTimer)
        {
            cancellation.CancelAfter(timeout.Value);
        }
        var context = new GrpcCallContext(http, service, method, DateTime.UtcNow + timeout, cancellation.Token);
        var writer = new ResponseWriter(http, context, options.MaxSendMessageSize);

        GrpcStatusCode code;
        string? detail = null;
        GrpcMetadata? errorTrailers = null;
        try
        {
            var encoding = http.Request.Headers[GrpcProtocol.EncodingHeader].ToString();
            if (encoding.Length > 0 && encoding != GrpcProtocol.IdentityEncoding)
            {
                // The spec's answer to a compression we do not speak: UNIMPLEMENTED plus what we accept.
                http.Response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.IdentityEncoding;
                throw new GrpcException(GrpcStatusCode.Unimplemented,
                    $"Unsupported grpc-encoding '{encoding}'. Supported encodings: {GrpcProtocol.IdentityEncoding}.");
            }
            var request = await ReadSingleRequestAsync<TRequest>(http.Request.BodyReader, options.MaxReceiveMessageSize, cancellation.Token);
            await invoke(request, context, writer);
            code = GrpcStatusCode.OK;
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client reset the stream: nobody is left to hear a status.
            activity.SetStatus(GrpcStatusCode.Cancelled);
            return;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            (code, detail) = (GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        catch (GrpcException e)
        {
            (code, detail, errorTrailers) = (e.StatusCode, e.Detail, e.Trailers);
        }
        catch (Exception e) when (DependencyOutage.IsOutage(e))
        {
            LogDependencyOutage(Logger(http), e, service, method);
            (code, detail) = (GrpcStatusCode.Unavailable, "A server this service depends on is not answering; retry shortly.");
        }
        catch (Exception e)
        {
            LogHandlerFailed(Logger(http), e, service, method);
            // The exception's text stays in the log: it may describe internals the client must not see.
            (code, detail) = (GrpcStatusCode.Internal, "Exception was thrown by handler.");
        }

        activity.SetStatus(code, detail);
        writer.Complete(code, detail, errorTrailers);
    }

    /// <summary>The answer for a path no service mapped: UNIMPLEMENTED for gRPC clients; anything else took a wrong
    /// REST path and gets the 404 problem details it would have got without this route.</summary>
    public static Task HandleUnimplementedAsync(HttpContext http)
    {
        if (!GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"No resource at {http.Request.Path}.")
                .ExecuteAsync(http);
        }
        var service = http.Request.RouteValues["service"]?.ToString() ?? "";
        var known = http.RequestServices.GetRequiredService<GrpcServiceRegistry>().Contains(service);
        WriteTrailersOnly(http, GrpcStatusCode.Unimplemented, known
            ? $"Method '{http.Request.RouteValues["method"]}' is not implemented by service '{service}'."
            : $"Service '{service}' is not implemented by this server.");
        return Task.CompletedTask;
    }

    private static bool IsGrpcRequest(HttpContext http)
    {
        if (!HttpProtocol.IsHttp2(http.Request.Protocol))
        {
            WriteRejection(http, StatusCodes.Status426UpgradeRequired, $"gRPC requires HTTP/2, not {http.Request.Protocol}.");
            return false;
        }
        if (!GrpcProtocol.IsGrpcContentType(http.Request.ContentType))
        {
            // 415 rather than a gRPC status, so that a non-gRPC client cannot mistake the answer for success.
            WriteRejection(http, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{http.Request.ContentType}' is not supported; gRPC requires {GrpcProtocol.ContentType}.");
            return false;
        }
        return true;
    }

    private static async Task<TRequest> ReadSingleRequestAsync<TRequest>(PipeReader reader, int maxMessageSize, CancellationToken cancellationToken)
        where TRequest : class, IMessage<TRequest>, new()
    {
        var request = await GrpcFraming.ReadMessageAsync<TRequest>(reader, maxMessageSize, cancellationToken)
            ?? throw new GrpcException(GrpcStatusCode.Internal, "The request stream ended without a message.");
        var rest = await reader.ReadAsync(cancellationToken);
        var extra = rest.Buffer.Length;
        reader.AdvanceTo(rest.Buffer.End);
        return extra == 0
            ? request
            : throw new GrpcException(GrpcStatusCode.Internal, "A unary call received data after its request message.");
    }

    private static void WriteRejection(HttpContext http, int httpStatus, string detail)
    {
        http.Response.StatusCode = httpStatus;
        http.Response.Headers[GrpcProtocol.StatusHeader] = ((int)GrpcStatusCode.Internal).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[GrpcProtocol.MessageHeader] = GrpcStatus.EncodeMessage(detail);
    }

    /// <summary>A status without messages: the spec's Trailers-Only response, one HEADERS frame ending the stream.</summary>
    private static void WriteTrailersOnly(HttpContext http, GrpcStatusCode code, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = GrpcProtocol.ContentType;
        http.Response.Headers[GrpcProtocol.StatusHeader] = ((int)code).ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[GrpcProtocol.MessageHeader] = GrpcStatus.EncodeMessage(detail);
    }

    private static ILogger Logger(HttpContext http)
        => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FitnessAssistant.Grpc.Server");

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC handler {Service}/{Method} answered UNAVAILABLE: a dependency is not answering")]
    private static partial void LogDependencyOutage(ILogger logger, Exception exception, string service, string method);

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC handler {Service}/{Method} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string service, string method);

    /// <summary>Writes response messages and, at the end, the status, as headers or trailers as the spec requires.</summary>
    internal sealed class ResponseWriter(HttpContext http, GrpcCallContext context, int maxMessageSize)
    {
        private bool _started;

        public async Task WriteAsync(IMessage message)
        {
            var response = http.Response;
            if (!_started)
            {
                // Headers first: touching the body writer starts the response and freezes them.
                _started = true;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = GrpcProtocol.ContentType;
                Append(response.Headers, context.ResponseHeaders);
            }
            GrpcFraming.WriteMessage(response.BodyWriter, message, maxMessageSize);
            await response.BodyWriter.FlushAsync(context.CancellationToken);
        }

        public void Complete(GrpcStatusCode code, string? detail, GrpcMetadata? errorTrailers)
        {
            var response = http.Response;
            var status = ((int)code).ToString(CultureInfo.InvariantCulture);
            var message = string.IsNullOrEmpty(detail) ? null : GrpcStatus.EncodeMessage(detail);
            if (!_started && !response.HasStarted)
            {
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = GrpcProtocol.ContentType;
                Append(response.Headers, context.ResponseHeaders);
                Append(response.Headers, context.ResponseTrailers);
                Append(response.Headers, errorTrailers);
                response.Headers[GrpcProtocol.StatusHeader] = status;
                if (message is not null)
                {
                    response.Headers[GrpcProtocol.MessageHeader] = message;
                }
                return;
            }
            foreach (var (key, value) in context.ResponseTrailers.Concat(errorTrailers ?? []))
            {
                response.AppendTrailer(key, value);
            }
            response.AppendTrailer(GrpcProtocol.StatusHeader, status);
            if (message is not null)
            {
                response.AppendTrailer(GrpcProtocol.MessageHeader, message);
            }
        }

        private static void Append(IHeaderDictionary headers, GrpcMetadata? metadata)
        {
            foreach (var (key, value) in metadata ?? [])
            {
                headers.Append(key, value);
            }
        }
    }
}
