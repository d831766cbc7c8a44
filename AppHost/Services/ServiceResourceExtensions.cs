using FitnessAssistant.AppHost.Restarts;

namespace FitnessAssistant.AppHost.Services;

public static class ServiceResourceExtensions
{
    /// <summary>
    /// One of the project's services: an HTTP endpoint (fixed <paramref name="httpPort"/> or one Aspire allocates),
    /// healthy when its <c>/health</c> answers 200 (readiness, dependencies included), restarted if it crashes.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(this IDistributedApplicationBuilder builder, string name,
        int? httpPort = null) where TProject : IProjectMetadata, new()
        => builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
            // Services take the AppHost's environment (Development under eng/run.sh), as they would from a launch profile.
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithKestrelEndpoint("http", port: httpPort)
            .WithHttpHealthCheck("/health", endpointName: "http")
            .WithRestartOnCrash();

    /// <summary>
    /// A Kestrel endpoint named <paramref name="name"/>, handed to the service as <c>Kestrel__Endpoints__{name}__*</c>
    /// (every endpoint of a service is given this way: Kestrel ignores ASPNETCORE_URLS once any endpoint is configured).
    /// <paramref name="http2Only"/> is for gRPC: cleartext HTTP/2 with prior knowledge.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKestrelEndpoint(this IResourceBuilder<ProjectResource> builder, string name,
        bool http2Only = false, int? port = null)
    {
        builder.WithHttpEndpoint(port: port, name: name, env: null)
            .WithEndpointsInEnvironment(_ => false);
        var endpoint = builder.GetEndpoint(name);
        return builder.WithEnvironment(context =>
        {
            context.EnvironmentVariables[$"Kestrel__Endpoints__{name}__Url"] =
                ReferenceExpression.Create($"http://127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}");
            if (http2Only)
            {
                context.EnvironmentVariables[$"Kestrel__Endpoints__{name}__Protocols"] = "Http2";
            }
        });
    }
}
