using FitnessAssistant.AppHost.Configuration;
using FitnessAssistant.AppHost.Logs;
using FitnessAssistant.AppHost.Orchestration;
using FitnessAssistant.AppHost.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitnessAssistant.AppHost.Dashboard;

/// <summary>The JSON the dashboard page reads: resources, their logs (also live, as server-sent events), traces and metrics.</summary>
public static class DashboardApi
{
    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Dashboard");
        api.MapGet("/info", GetInfo);
        api.MapGet("/resources", GetResources);
        api.MapGet("/resources/{name}/logs", GetLogs);
        api.MapGet("/resources/{name}/logs/stream", StreamLogs);
        api.MapGet("/traces", ListTraces);
        api.MapGet("/traces/{traceId}", GetTrace);
        api.MapGet("/metrics/headlines", (MetricStore metrics) => TypedResults.Ok(metrics.Headlines()));
        api.MapGet("/metrics/latest", (MetricStore metrics) => TypedResults.Ok(metrics.Latest()));
        return app;
    }

    public static Ok<SystemInfo> GetInfo(ResourceCatalog catalog, AppHostOptions options, Orchestrator orchestrator)
        => TypedResults.Ok(new SystemInfo(
            catalog.System.Gateway.HttpEndpoint.ToString(),
            options.DashboardUri().ToString(),
            catalog.Prometheus?.Endpoints["http"].ToString(),
            options.StateDirectory,
            !orchestrator.Started.IsCompleted ? "starting" : orchestrator.Started.Result ? "complete" : "failed"));

    public static Ok<List<ResourceView>> GetResources(ResourceCatalog catalog)
        => TypedResults.Ok(catalog.All.Select(resource =>
        {
            var status = resource.Supervisor.Status;
            return new ResourceView(
                resource.Name, resource.Kind, status.State.ToString(), status.Detail,
                status.IsHealthy switch { true => "Healthy", false => "Unhealthy", null => "Unknown" },
                status.HealthDetail, status.RestartCount, status.StateSince, status.Pids,
                resource.Endpoints.ToDictionary(endpoint => endpoint.Key, endpoint => endpoint.Value.ToString()),
                resource.DevCredentials, resource.DependsOn, status.LastExit,
                $"/#/logs/{Uri.EscapeDataString(resource.Name)}");
        }).ToList());

    public static Results<Ok<IReadOnlyList<LogEntry>>, ProblemHttpResult> GetLogs(
        string name, ResourceCatalog catalog, ResourceLogStore logs, long after = 0, int limit = 1000)
    {
        if (catalog.Find(name) is null)
        {
            return UnknownResource(name);
        }
        if (limit is < 1 or > ResourceLogStore.Capacity)
        {
            return TypedResults.Problem($"limit must be between 1 and {ResourceLogStore.Capacity}.", statusCode: StatusCodes.Status400BadRequest);
        }
        return TypedResults.Ok(logs.Read(name, after, limit));
    }

    public static Results<ServerSentEventsResult<LogEntry>, ProblemHttpResult> StreamLogs(
        string name, ResourceCatalog catalog, ResourceLogStore logs, HttpContext context, long after = 0)
        => catalog.Find(name) is null
            ? UnknownResource(name)
            : TypedResults.ServerSentEvents(logs.FollowAsync(name, after, context.RequestAborted), eventType: "log");

    public static Ok<IReadOnlyList<TraceSummary>> ListTraces(TraceStore traces, string? service = null, int limit = 100)
        => TypedResults.Ok(traces.List(string.IsNullOrWhiteSpace(service) ? null : service, Math.Clamp(limit, 1, 1000)));

    public static Results<Ok<TraceView>, ProblemHttpResult> GetTrace(string traceId, TraceStore traces, TelemetryLogStore logs)
        => traces.Get(traceId) is { } trace
            ? TypedResults.Ok(new TraceView(trace.Summary, trace.Spans, logs.ForTrace(trace.Summary.TraceId)))
            : TypedResults.Problem($"No trace {traceId} in memory (the dashboard keeps the last {TraceStore.MaxTraces}).",
                statusCode: StatusCodes.Status404NotFound);

    private static ProblemHttpResult UnknownResource(string name)
        => TypedResults.Problem($"There is no resource named '{name}'.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A trace with its spans and the log records written while it ran.</summary>
public sealed record TraceView(TraceSummary Summary, IReadOnlyList<SpanRecord> Spans, IReadOnlyList<TelemetryLogRecord> Logs);
