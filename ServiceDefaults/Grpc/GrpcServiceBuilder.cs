using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>Maps the methods of one gRPC service: one line and one static handler per method.</summary>
public sealed class GrpcServiceBuilder
{
    private readonly RouteGroupBuilder _group;

    internal GrpcServiceBuilder(RouteGroupBuilder group, string serviceName)
    {
        _group = group;
        ServiceName = serviceName;
    }

    /// <summary>The full name, <c>package.Service</c>.</summary>
    public string ServiceName { get; }

    public GrpcServiceBuilder MapUnary<TRequest, TResponse>(string method, Func<TRequest, GrpcCallContext, Task<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        _group.MapPost("/" + method, http => GrpcServerCall.HandleAsync<TRequest>(http, ServiceName, method,
            async (request, context, writer) => await writer.WriteAsync(await handler(request, context))));
        return this;
    }

    /// <summary>A server-streaming method: every item the handler yields is sent as one message, as soon as it is yielded.</summary>
    public GrpcServiceBuilder MapServerStreaming<TRequest, TResponse>(string method, Func<TRequest, GrpcCallContext, IAsyncEnumerable<TResponse>> handler)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>
    {
        _group.MapPost("/" + method, http => GrpcServerCall.HandleAsync<TRequest>(http, ServiceName, method,
            async (request, context, writer) =>
            {
                await foreach (var response in handler(request, context).WithCancellation(context.CancellationToken))
                {
                    await writer.WriteAsync(response);
                }
            }));
        return this;
    }
}
