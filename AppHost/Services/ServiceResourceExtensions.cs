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
    /// <paramref name="http2Only"/> is for gRPC: cleartext HTTP/2 with prior knowledge; such an endpoint is not behind
    /// Aspire's proxy, so that clients balance their calls over the replicas themselves.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithKestrelEndpoint(this IResourceBuilder<ProjectResource> builder, string name,
        bool http2Only = false, int? port = null)
    {
        builder.WithHttpEndpoint(port: port, name: name, env: null, isProxied: !http2Only)
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

    /// <summary>
    /// <paramref name="count"/> instances of a service as resources of their own (<c>name-1</c>, <c>name-2</c>, ...), for a
    /// service whose clients balance over every instance (gRPC); see <see cref="WithReference(IResourceBuilder{ProjectResource}, string, string, IReadOnlyList{IResourceBuilder{ProjectResource}})"/>.
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<ProjectResource>> AddServiceInstances<TProject>(this IDistributedApplicationBuilder builder,
        string name, int count, Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure)
        where TProject : IProjectMetadata, new()
        => [.. Enumerable.Range(1, count).Select(i => configure(builder.AddService<TProject>($"{name}-{i}")))];

    /// <summary>
    /// References every instance of <paramref name="service"/> under its one name, as Aspire passes a replicated
    /// service's endpoints (<c>services__{service}__{endpoint}__{i}</c>), and waits for all of them.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> builder, string service,
        string endpointName, IReadOnlyList<IResourceBuilder<ProjectResource>> instances)
    {
        for (var i = 0; i < instances.Count; i++)
        {
            builder.WithEnvironment($"services__{service}__{endpointName}__{i}", instances[i].GetEndpoint(endpointName)).WaitFor(instances[i]);
        }
        return builder;
    }
}
