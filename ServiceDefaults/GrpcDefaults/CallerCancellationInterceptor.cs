using Grpc.Core;
using Grpc.Core.Interceptors;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>
/// A unary call the caller cancelled ends in OperationCanceledException, as every other awaited operation does, so
/// callers tell "I gave up" (not the dependency's fault) from a failed call; grpc-dotnet reports it as CANCELLED.
/// A passed deadline stays DEADLINE_EXCEEDED: that one is the dependency's. (grpc-dotnet's experimental
/// ThrowOperationCanceledOnCancellation would turn deadlines into cancellations too.)
/// </summary>
internal sealed class CallerCancellationInterceptor : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        return new AsyncUnaryCall<TResponse>(
            ResponseAsync(call.ResponseAsync, context.Options.CancellationToken),
            call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    private static async Task<TResponse> ResponseAsync<TResponse>(Task<TResponse> response, CancellationToken cancellationToken)
    {
        try
        {
            return await response;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The caller cancelled the call.", e, cancellationToken);
        }
    }
}
