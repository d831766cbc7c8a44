using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>
/// Refuses every gRPC call without the installation's service credential with UNAUTHENTICATED. The health service
/// stays open: orchestrators' gRPC probes (Kubernetes, grpc_health_probe) send no custom metadata, and it reveals only
/// a status. Reflection (Development only) describes the API and no data.
/// </summary>
internal sealed class ServiceCredentialInterceptor(IOptions<ServiceCredentialOptions> options) : Interceptor
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.Token);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(request, responseStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Check(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Check(ServerCallContext context)
    {
        if (context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
            || context.Method.StartsWith("/grpc.reflection.", StringComparison.Ordinal))
        {
            return;
        }
        var presented = context.RequestHeaders.GetValue(ServiceCredentialOptions.Header);
        if (presented is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated,
                $"This call needs the installation's service credential ({ServiceCredentialOptions.Header})."));
        }
    }
}
