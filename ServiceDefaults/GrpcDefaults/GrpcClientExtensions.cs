using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StatusCode = Grpc.Core.StatusCode;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

public static class GrpcClientExtensions
{
    /// <summary>
    /// Registers the generated client <typeparamref name="TClient"/> for service <paramref name="serviceName"/>:
    /// round robin over every replica in <c>services__{serviceName}__grpc__*</c>, UNAVAILABLE retried by the channel
    /// (<see cref="GrpcClientOptions"/>), cancellation by the caller surfacing as OperationCanceledException
    /// (<see cref="CallerCancellationInterceptor"/>), the installation's service credential on every call
    /// (<see cref="ServiceCredentialOptions"/>), and the
    /// OpenTelemetry gRPC client instrumentation. Every method of the project's services is idempotent (reads, and
    /// writes that are idempotent by contract, see the protos), so the retry policy covers the whole service.
    /// </summary>
    /// <param name="name">The client's name in <see cref="Grpc.Net.ClientFactory.GrpcClientFactory"/>, when one process
    /// needs several clients of one type (e.g. a health client per service); by default the type's name.</param>
    public static IHttpClientBuilder AddGrpcServiceClient<TClient>(this IServiceCollection services, string serviceName, string? name = null)
        where TClient : class
    {
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<GrpcClientOptions>)))
        {
            services.AddValidatedOptions<GrpcClientOptions>(GrpcClientOptions.Section);
            services.AddValidatedOptions<ServiceCredentialOptions>(ServiceCredentialOptions.Section);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<ResolverFactory, ServiceEndpointResolverFactory>());
        }
        return services
            .AddGrpcClient<TClient>(name ?? typeof(TClient).Name, client => client.Address = new Uri($"{ServiceEndpointResolverFactory.Scheme}:///{serviceName}"))
            .ConfigureChannel((provider, channel) =>
            {
                var options = provider.GetRequiredService<IOptions<GrpcClientOptions>>().Value;
                // Cleartext h2c on loopback: the credential travels in the clear, which only mTLS would change (docs/security.md).
                channel.Credentials = ChannelCredentials.Insecure;
                channel.UnsafeUseInsecureChannelCallCredentials = true;
                channel.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
                channel.ServiceConfig = ServiceConfig(options);
            })
            .AddInterceptor(InterceptorScope.Channel, () => new CallerCancellationInterceptor())
            .AddCallCredentials((_, metadata, provider) =>
            {
                metadata.Add(ServiceCredentialOptions.Header, provider.GetRequiredService<IOptions<ServiceCredentialOptions>>().Value.Token);
                return Task.CompletedTask;
            })
            // Resolution, balancing, retries and deadlines are the channel's. HTTP-level handlers that defaults add to
            // every HttpClient (service discovery, the standard resilience handler) would rewrite addresses the
            // balancer chose and retry or time out calls behind its back, so gRPC clients have none.
            .ConfigureAdditionalHttpMessageHandlers((handlers, _) => handlers.Clear());
    }

    private static ServiceConfig ServiceConfig(GrpcClientOptions options)
    {
        var config = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        if (options.MaxRetryAttempts > 0)
        {
            config.MethodConfigs.Add(new MethodConfig
            {
                Names = { MethodName.Default },
                RetryPolicy = new RetryPolicy
                {
                    MaxAttempts = options.MaxRetryAttempts + 1,
                    InitialBackoff = options.RetryInitialBackoff,
                    MaxBackoff = TimeSpan.FromSeconds(1),
                    BackoffMultiplier = 2,
                    RetryableStatusCodes = { StatusCode.Unavailable },
                },
            });
        }
        return config;
    }
}
