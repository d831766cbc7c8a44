using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// The client side of one target address: HTTP/2 with prior knowledge over one pooled SocketsHttpHandler (calls
/// are multiplexed on its connections), deadlines sent as <c>grpc-timeout</c>, every failure a <see cref="GrpcException"/>.
/// Typed clients wrap it with one method per RPC. Cancellation by the caller surfaces as OperationCanceledException.
/// </summary>
public sealed partial class GrpcChannel : IDisposable
{
    // HTTP/2 error codes (RFC 9113, section 7) that carry a meaning for gRPC.
    private const long RefusedStream = 0x7;
    private const long Cancel = 0x8;
    private const long EnhanceYourCalm = 0xb;
    private const long InadequateSecurity = 0xc;

    private readonly HttpClient _http;
    private readonly GrpcClientOptions _options;
    private readonly ResiliencePipeline _idempotentRetry;
    private readonly ILogger _logger;

    public GrpcChannel(Uri address, GrpcClientOptions? options = null, ILogger<GrpcChannel>? logger = null)
    {
        Address = address;
        _options = options ?? new GrpcClientOptions();
        _logger = logger ?? NullLogger<GrpcChannel>.Instance;
        var handler = new SocketsHttpHandler
        {
            // One connection's stream limit must not queue calls: open another connection instead.
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        // Deadlines, not HttpClient.Timeout, bound a call.
        _http = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _idempotentRetry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<GrpcException>(e => e.StatusCode == GrpcStatusCode.Unavailable),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = _options.RetryBaseDelay,
            MaxRetryAttempts = Math.Max(1, _options.MaxRetryAttempts),
            OnRetry = args =>
            {
                LogRetry(_logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Address, args.Outcome.Exception?.Message);
                return default;
            },
        }).Build();
    }

    public Uri Address { get; }

    /// <summary>Calls a unary method and returns its response message.</summary>
    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(string service, string method, TRequest request,
        GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
        => (await UnaryCallAsync<TRequest, TResponse>(service, method, request, options, cancellationToken)).Message;

    /// <summary>Calls a unary method and returns its response with the response headers and trailers.</summary>
    public async Task<GrpcResponse<TResponse>> UnaryCallAsync<TRequest, TResponse>(string service, string method, TRequest request,
        GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        options ??= GrpcCallOptions.Default;
        var deadline = options.ResolveDeadline();
        using var activity = StartActivity(service, method);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ArmDeadline(cancellation, deadline);
        var response = await GuardAsync(activity, cancellation, cancellationToken, async () =>
        {
            var payload = GrpcFraming.Frame(request, _options.MaxSendMessageSize);
            return options.Idempotent && _options.MaxRetryAttempts > 0
                ? await _idempotentRetry.ExecuteAsync(
                    async token => await SendUnaryAsync<TResponse>(service, method, payload, options, deadline, token), cancellation.Token)
                : await SendUnaryAsync<TResponse>(service, method, payload, options, deadline, cancellation.Token);
        });
        activity.SetStatus(GrpcStatusCode.OK);
        return response;
    }

    /// <summary>Calls a server-streaming method; messages arrive as the server sends them. Never retried.</summary>
    public async IAsyncEnumerable<TResponse> ServerStreamingAsync<TRequest, TResponse>(string service, string method, TRequest request,
        GrpcCallOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        options ??= GrpcCallOptions.Default;
        var deadline = options.ResolveDeadline();
        using var activity = StartActivity(service, method);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ArmDeadline(cancellation, deadline);
        using var call = await GuardAsync(activity, cancellation, cancellationToken, () =>
            StartAsync(service, method, GrpcFraming.Frame(request, _options.MaxSendMessageSize), options, deadline, cancellation.Token));
        while (await GuardAsync(activity, cancellation, cancellationToken, () => call.ReadMessageAsync<TResponse>(cancellation.Token)) is { } message)
        {
            yield return message;
        }
        await GuardAsync(activity, cancellation, cancellationToken, () => Task.FromResult(call.ReadStatus()));
        activity.SetStatus(GrpcStatusCode.OK);
    }

    public void Dispose() => _http.Dispose();

    private async Task<GrpcResponse<TResponse>> SendUnaryAsync<TResponse>(string service, string method, byte[] payload,
        GrpcCallOptions options, DateTime? deadline, CancellationToken cancellationToken)
        where TResponse : class, IMessage<TResponse>, new()
    {
        using var call = await StartAsync(service, method, payload, options, deadline, cancellationToken);
        var message = await call.ReadMessageAsync<TResponse>(cancellationToken);
        if (message is not null && await call.ReadMessageAsync<TResponse>(cancellationToken) is not null)
        {
            throw new GrpcException(GrpcStatusCode.Internal, "The server sent more than one message for a unary call.");
        }
        var trailers = call.ReadStatus();
        return new GrpcResponse<TResponse>(
            message ?? throw new GrpcException(GrpcStatusCode.Internal, "The server sent OK without a response message."),
            call.Headers, trailers);
    }

    private async Task<Call> StartAsync(string service, string method, byte[] payload, GrpcCallOptions options,
        DateTime? deadline, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Address, GrpcProtocol.Path(service, method)))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (deadline is { } due)
        {
            request.Headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(due - DateTime.UtcNow));
        }
        foreach (var (key, value) in options.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw TransportFailure(e);
        }
        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var text = response.Headers.TryGetValues(GrpcProtocol.MessageHeader, out var m) ? GrpcStatus.DecodeMessage(m.First()) : null;
                throw new GrpcException(GrpcStatus.FromHttpStatus(response.StatusCode),
                    $"Bad gRPC response: HTTP status {(int)response.StatusCode}{(text is null ? "" : ": " + text)}.");
            }
            var contentType = response.Content.Headers.ContentType?.ToString();
            if (!GrpcProtocol.IsGrpcContentType(contentType))
            {
                throw new GrpcException(GrpcStatusCode.Internal, $"Bad gRPC response: content-type '{contentType}'.");
            }
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new Call(response, PipeReader.Create(body), _options.MaxReceiveMessageSize);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Turns cancellation by our deadline into DEADLINE_EXCEEDED and records the outcome on the activity.</summary>
    private static async Task<T> GuardAsync<T>(Activity? activity, CancellationTokenSource deadline, CancellationToken caller, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (e is OperationCanceledException or GrpcException { StatusCode: GrpcStatusCode.Cancelled }
                                  && !caller.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            // A server that saw the deadline first may cancel the stream; the spec has the client report the deadline.
            activity.SetStatus(GrpcStatusCode.DeadlineExceeded);
            throw new GrpcException(GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.", innerException: e);
        }
        catch (OperationCanceledException)
        {
            activity.SetStatus(GrpcStatusCode.Cancelled);
            throw;
        }
        catch (GrpcException e)
        {
            activity.SetStatus(e.StatusCode, e.Detail);
            throw;
        }
    }

    private static void ArmDeadline(CancellationTokenSource cancellation, DateTime? deadline)
    {
        if (deadline is { } due)
        {
            var remaining = due - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                cancellation.Cancel();
            }
            else if (remaining < TimeSpan.FromDays(40))
            {
                cancellation.CancelAfter(remaining);
            }
        }
    }

    private Activity? StartActivity(string service, string method)
    {
        var activity = GrpcTelemetry.StartCall(service, method, ActivityKind.Client);
        activity?.SetTag("server.address", Address.Host);
        activity?.SetTag("server.port", Address.Port);
        return activity;
    }

    private static GrpcException TransportFailure(Exception e) => e switch
    {
        HttpProtocolException { ErrorCode: RefusedStream } => new(GrpcStatusCode.Unavailable, "The server refused the stream.", innerException: e),
        HttpProtocolException { ErrorCode: Cancel } => new(GrpcStatusCode.Cancelled, "The server cancelled the stream.", innerException: e),
        HttpProtocolException { ErrorCode: EnhanceYourCalm } => new(GrpcStatusCode.ResourceExhausted, "The server asked to slow down (ENHANCE_YOUR_CALM).", innerException: e),
        HttpProtocolException { ErrorCode: InadequateSecurity } => new(GrpcStatusCode.PermissionDenied, "The server refused the connection's security.", innerException: e),
        HttpProtocolException p => new(GrpcStatusCode.Internal, $"HTTP/2 stream error 0x{p.ErrorCode:x}.", innerException: e),
        _ => new(GrpcStatusCode.Unavailable, $"Transport failure: {e.Message}", innerException: e),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC retry {Attempt} in {DelayMs} ms to {Address}: {Reason}")]
    private static partial void LogRetry(ILogger logger, int attempt, double delayMs, Uri address, string? reason);

    /// <summary>One HTTP/2 stream: the response messages, then the status from the trailers (or the Trailers-Only headers).</summary>
    private sealed class Call(HttpResponseMessage response, PipeReader reader, int maxMessageSize) : IDisposable
    {
        private readonly bool _trailersOnly = response.Headers.Contains(GrpcProtocol.StatusHeader);

        public GrpcMetadata Headers { get; } = GrpcMetadata.FromHeaders(response.Headers);

        public async Task<T?> ReadMessageAsync<T>(CancellationToken cancellationToken) where T : class, IMessage<T>, new()
        {
            if (_trailersOnly)
            {
                return null;
            }
            try
            {
                return await GrpcFraming.ReadMessageAsync<T>(reader, maxMessageSize, cancellationToken);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw TransportFailure(e);
            }
        }

        /// <summary>Valid once the body was read to its end; throws for any status but OK, returns the trailers.</summary>
        public GrpcMetadata ReadStatus()
        {
            var source = _trailersOnly ? response.Headers : response.TrailingHeaders;
            var trailers = GrpcMetadata.FromHeaders(source);
            if (!source.TryGetValues(GrpcProtocol.StatusHeader, out var values)
                || !int.TryParse(values.First(), NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                throw new GrpcException(GrpcStatusCode.Internal, "Bad gRPC response: no grpc-status.", trailers);
            }
            if (status == (int)GrpcStatusCode.OK)
            {
                return trailers;
            }
            var detail = source.TryGetValues(GrpcProtocol.MessageHeader, out var message) ? GrpcStatus.DecodeMessage(message.First()) : "";
            throw new GrpcException((GrpcStatusCode)status, detail, trailers);
        }

        public void Dispose()
        {
            reader.Complete();
            response.Dispose();
        }
    }
}
