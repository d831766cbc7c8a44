using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// Completes ASP.NET Core's request activity the way OpenTelemetry's ASP.NET Core instrumentation would (that
/// package does not restore here): the semantic-convention attributes (method, path, route, status code), a name
/// such as <c>GET /api/v1/search</c>, and an error status for 5xx answers and unhandled exceptions. Probe and
/// scrape requests (<c>/health</c>, <c>/alive</c>, <c>/metrics</c>) are not recorded at all: they come every few
/// seconds and would bury real traffic in every trace view.
/// </summary>
internal sealed class RequestTelemetry : IStartupFilter
{
    private static readonly HashSet<string> UntracedPaths = new(StringComparer.OrdinalIgnoreCase) { "/health", "/alive", "/metrics" };

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(EnrichAsync);
        next(app);
    };

    private static async Task EnrichAsync(HttpContext context, RequestDelegate next)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null)
        {
            await next(context);
            return;
        }
        if (UntracedPaths.Contains(context.Request.Path.Value ?? ""))
        {
            // Not recorded: the exporter skips it, and the parent-based sampler skips whatever it calls.
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            await next(context);
            return;
        }

        activity.SetTag("http.request.method", context.Request.Method);
        activity.SetTag("url.scheme", context.Request.Scheme);
        activity.SetTag("url.path", context.Request.Path.Value);
        activity.SetTag("server.address", context.Request.Host.Host);
        if (context.Request.Host.Port is { } port)
        {
            activity.SetTag("server.port", port);
        }
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            activity.SetTag("error.type", ex.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
            if (route is not null)
            {
                activity.SetTag("http.route", route);
            }
            activity.DisplayName = route is null ? context.Request.Method : $"{context.Request.Method} {route}";
            var status = context.Response.StatusCode;
            activity.SetTag("http.response.status_code", status);
            if (status >= 500 && activity.Status != ActivityStatusCode.Error)
            {
                activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
    }
}
