using Grpc.Core;
using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

/// <summary>
/// Resolves <c>services:///{service}</c> to every address in <c>services__{service}__grpc__{i}</c>, one per replica,
/// as Aspire passes them. The round-robin balancer connects to each and picks among those that are connected; when a
/// subchannel fails it asks for a refresh, which reads the configuration again.
/// </summary>
internal sealed class ServiceEndpointResolverFactory(IConfiguration configuration) : ResolverFactory
{
    public const string Scheme = "services";

    public override string Name => Scheme;

    public override Resolver Create(ResolverOptions options)
        => new ServiceEndpointResolver(configuration, options.Address.AbsolutePath.Trim('/'), options.LoggerFactory);

    private sealed class ServiceEndpointResolver(IConfiguration configuration, string service, ILoggerFactory loggerFactory)
        : PollingResolver(loggerFactory)
    {
        protected override Task ResolveAsync(CancellationToken cancellationToken)
        {
            var endpoints = configuration.GetServiceEndpoints(service, "grpc");
            Listener(endpoints.Count > 0
                ? ResolverResult.ForResult([.. endpoints.Select(uri => new BalancerAddress(uri.Host, uri.Port))])
                : ResolverResult.ForFailure(new Status(StatusCode.Unavailable,
                    $"No address configured for service '{service}': set services__{service}__grpc__0 (one entry per replica).")));
            return Task.CompletedTask;
        }
    }
}
