using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>
/// A handler that failed because a database or another server did not answer (<see cref="DependencyOutage"/>)
/// answers UNAVAILABLE, which callers retry, instead of grpc-dotnet's UNKNOWN. The exception stays in the log: its
/// text may name hosts or queries the caller must not see.
/// </summary>
internal sealed partial class DependencyOutageInterceptor(ILogger<DependencyOutageInterceptor> logger) : Interceptor
{
    private const string Detail = "A server this service depends on is not answering; retry shortly.";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException && DependencyOutage.IsOutage(e))
        {
            LogDependencyOutage(logger, e, context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, Detail));
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException && DependencyOutage.IsOutage(e))
        {
            LogDependencyOutage(logger, e, context.Method);
            throw new RpcException(new Status(StatusCode.Unavailable, Detail));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "gRPC method {Method} answered UNAVAILABLE: a dependency is not answering")]
    private static partial void LogDependencyOutage(ILogger logger, Exception exception, string method);
}
