using FitnessAssistant.ServiceDefaults.Grpc.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace FitnessAssistant.ServiceDefaults.Grpc;

public static class GrpcServerExtensions
{
    /// <summary>The gRPC runtime with its limits (<see cref="GrpcServerOptions"/>); <c>MapDefaultEndpoints</c> then adds
    /// <c>grpc.health.v1.Health</c> and UNIMPLEMENTED for unknown methods.</summary>
    public static IHostApplicationBuilder AddGrpcServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GrpcServerOptions>(GrpcServerOptions.SectionName);
        builder.Services.TryAddSingleton<GrpcServiceRegistry>();
        return builder;
    }

    /// <summary>Maps the methods of service <paramref name="serviceName"/> (<c>package.Service</c>) at <c>/{serviceName}/{method}</c>.</summary>
    public static RouteGroupBuilder MapGrpcService(this IEndpointRouteBuilder endpoints, string serviceName, Action<GrpcServiceBuilder> configure)
    {
        var registry = endpoints.ServiceProvider.GetService<GrpcServiceRegistry>()
            ?? throw new InvalidOperationException("Call builder.AddGrpcServer() before mapping gRPC services.");
        registry.Add(serviceName);
        var group = endpoints.MapGroup("/" + serviceName);
        configure(new GrpcServiceBuilder(group, serviceName));
        return group;
    }

    /// <summary>The health service and the UNIMPLEMENTED answer for any other gRPC path; a no-op without AddGrpcServer.</summary>
    internal static IEndpointRouteBuilder MapGrpcDefaults(this IEndpointRouteBuilder endpoints)
    {
        if (endpoints.ServiceProvider.GetService<GrpcServiceRegistry>() is null)
        {
            return endpoints;
        }
        endpoints.MapGrpcService(GrpcHealthService.ServiceName, service => service
            .MapUnary<HealthCheckRequest, HealthCheckResponse>("Check", GrpcHealthService.CheckAsync)
            .MapServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", GrpcHealthService.WatchAsync));
        // Last in order, so every mapped route (gRPC or REST) wins over it.
        endpoints.MapPost("/{service}/{method}", GrpcServerCall.HandleUnimplementedAsync).WithOrder(int.MaxValue);
        return endpoints;
    }
}
