using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.ServiceDefaults.Grpc;

public static class GrpcClientExtensions
{
    /// <summary>
    /// Registers typed client <typeparamref name="TClient"/> (a class taking a <see cref="GrpcChannel"/>) for service
    /// <paramref name="serviceName"/>, at the address in <c>services__{serviceName}__grpc__0</c>. Clients of the same
    /// service share one channel, so their calls share its connections.
    /// </summary>
    public static IServiceCollection AddGrpcClient<TClient>(this IServiceCollection services, string serviceName)
        where TClient : class
    {
        if (!services.Any(d => d.ServiceType == typeof(IValidateOptions<GrpcClientOptions>)))
        {
            services.AddValidatedOptions<GrpcClientOptions>(GrpcClientOptions.SectionName);
        }
        services.TryAddKeyedSingleton(serviceName, (sp, _) => new GrpcChannel(
            sp.GetRequiredService<IConfiguration>().GetRequiredServiceEndpoint(serviceName, "grpc"),
            sp.GetRequiredService<IOptions<GrpcClientOptions>>().Value,
            sp.GetRequiredService<ILogger<GrpcChannel>>()));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<TClient>(sp, sp.GetRequiredKeyedService<GrpcChannel>(serviceName)));
        return services;
    }
}
