using System.Text.Json;

namespace FitnessAssistant.AppHost.LocalServers;

public static class LocalPrometheusExtensions
{
    /// <summary>
    /// Prometheus with the project's rules (copied from the build output's prometheus/ folder) and a file of scrape
    /// targets written at start, once Aspire has allocated every service's port; <paramref name="appHostMetrics"/> is the
    /// AppHost's own endpoint (the <c>apphost</c> job).
    /// </summary>
    public static IResourceBuilder<LocalPrometheusResource> AddLocalPrometheus(this IDistributedApplicationBuilder builder, string name,
        string stateRoot, Uri appHostMetrics, params IResourceBuilder<ProjectResource>[] services)
    {
        var prometheus = new LocalPrometheusResource(name, Path.Combine(stateRoot, name));
        var healthCheck = $"{name}-ready";
        var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheck, cancellationToken
            => ProtocolProbes.HttpOkAsync(probe, new Uri(prometheus.Endpoint.Url + "/-/ready"), cancellationToken));
        return builder.AddResource(prometheus)
            .WithHttpEndpoint(name: LocalPrometheusResource.EndpointName, env: null, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add($"--config.file={Path.Combine(prometheus.ConfigurationDirectory, "prometheus.yml")}");
                context.Args.Add($"--storage.tsdb.path={Path.Combine(prometheus.StateDirectory, "data")}");
                context.Args.Add("--storage.tsdb.retention.time=7d");
                context.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{prometheus.Endpoint.Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--log.level=warn");
            })
            .WithHealthCheck(healthCheck)
            .WithTestRunId()
            .OnBeforeResourceStarted(async (resource, _, cancellationToken) =>
            {
                var targets = Path.Combine(resource.ConfigurationDirectory, "targets");
                Directory.CreateDirectory(targets);
                foreach (var file in new[] { "prometheus.yml", "alerts.yml" })
                {
                    File.Copy(Path.Combine(AppContext.BaseDirectory, "prometheus", file), Path.Combine(resource.ConfigurationDirectory, file), overwrite: true);
                }
                var groups = services.Select(service => new
                {
                    targets = new[] { MetricsEndpoint(service).Url.Replace("http://", "", StringComparison.Ordinal) },
                    labels = new Dictionary<string, string> { ["service"] = service.Resource.Name },
                });
                await WriteTargetsAsync(Path.Combine(targets, "services.json"), groups, cancellationToken);
                await WriteTargetsAsync(Path.Combine(targets, "apphost.json"),
                    new[] { new { targets = new[] { appHostMetrics.Authority }, labels = new Dictionary<string, string> { ["service"] = "apphost" } } },
                    cancellationToken);
            });
    }

    /// <summary>A service with a public endpoint serves its metrics on its management endpoint only.</summary>
    private static EndpointReference MetricsEndpoint(IResourceBuilder<ProjectResource> service)
        => service.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "management")
            ? service.GetEndpoint("management")
            : service.GetEndpoint("http");

    // Written whole, then renamed: Prometheus watches these files and must never read half of one.
    private static async Task WriteTargetsAsync<T>(string path, T groups, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(groups), cancellationToken);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
