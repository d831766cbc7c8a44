using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.ServiceDefaults.GrpcDefaults;

public static class GrpcServerExtensions
{
    /// <summary>
    /// grpc-dotnet with the project's limits (<see cref="GrpcServerLimits"/>), the service credential check
    /// (<see cref="ServiceCredentialOptions"/>), the dependency-outage interceptor,
    /// <c>grpc.health.v1</c> answered from the ASP.NET Core health checks and, in Development, server reflection.
    /// <c>MapDefaultEndpoints</c> maps the health and reflection services.
    /// </summary>
    public static IHostApplicationBuilder AddGrpcServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<GrpcServerLimits>(GrpcServerLimits.Section);
        builder.Services.AddValidatedOptions<ServiceCredentialOptions>(ServiceCredentialOptions.Section);
        builder.Services.AddGrpc(options =>
        {
            options.Interceptors.Add<ServiceCredentialInterceptor>();
            options.Interceptors.Add<DependencyOutageInterceptor>();
        });
        builder.Services.AddOptions<GrpcServiceOptions>()
            .Configure<IOptions<GrpcServerLimits>>((options, limits) =>
            {
                options.MaxReceiveMessageSize = limits.Value.MaxReceiveMessageSize;
                options.MaxSendMessageSize = limits.Value.MaxSendMessageSize;
            });
        // Check runs the health checks when asked (no cache), so a gRPC prober and /health agree at every moment.
        builder.Services.AddGrpcHealthChecks();
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddGrpcReflection();
        }
        return builder;
    }

    /// <summary><c>grpc.health.v1.Health</c> and, in Development, <c>grpc.reflection.v1</c>; a no-op without <see cref="AddGrpcServer"/>.</summary>
    internal static WebApplication MapGrpcDefaults(this WebApplication app)
    {
        // IOptions<T> resolves for any T; the limits' validator exists only once AddGrpcServer ran.
        if (!app.Services.GetServices<IValidateOptions<GrpcServerLimits>>().Any())
        {
            return app;
        }
        app.MapGrpcHealthChecksService();
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }
        return app;
    }
}
