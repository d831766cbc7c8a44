using System.Globalization;
using FitnessAssistant.Gateway.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace FitnessAssistant.Gateway.Proxy;

/// <summary>
/// First step of the proxy pipeline, around load balancing, passive health and forwarding.
/// YARP never retries: a destination that dies fails the requests sent to it until health checks take it out. For
/// idempotent requests without a body that failed before any response arrived (connection refused or reset), the
/// request is sent again to a destination not yet tried, so a dying replica costs clients nothing; the failure still
/// reaches passive health, which takes the replica out. Errors that remain are answered as problem details.
/// </summary>
public sealed partial class ProxyResilience(
    RequestDelegate next, IOptionsMonitor<ProxyOptions> options, GatewayMetrics metrics, ILogger<ProxyResilience> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Upstream answers pass through as they are: an empty upstream 404 is not dressed up by status code pages.
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }
        var proxy = context.GetReverseProxyFeature();
        var settings = options.CurrentValue;
        var candidates = proxy.AvailableDestinations;
        var attempts = IsReplayable(context.Request) ? settings.MaxAttempts : 1;
        var tried = new List<DestinationState>();
        for (var attempt = 1; ; attempt++)
        {
            await next(context);
            var error = context.Features.Get<IForwarderErrorFeature>();
            if (error is null)
            {
                return;
            }
            if (proxy.ProxiedDestination is { } failed)
            {
                tried.Add(failed);
            }
            var remaining = candidates.Where(d => !tried.Contains(d)).ToList();
            if (error.Error != ForwarderError.Request || context.Response.HasStarted || attempt >= attempts || remaining.Count == 0)
            {
                await WriteProblemAsync(context, error, settings);
                return;
            }
            LogRetry(logger, proxy.Route.Config.RouteId, proxy.ProxiedDestination?.DestinationId, error.Exception?.GetType().Name);
            metrics.Retried(proxy.Cluster.Config.ClusterId);
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.StatusCode = StatusCodes.Status200OK;
            proxy.AvailableDestinations = remaining;
        }
    }

    private static bool IsReplayable(HttpRequest request)
        => (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
           && request.ContentLength is null or 0
           && request.Headers.TransferEncoding.Count == 0;

    private Task WriteProblemAsync(HttpContext context, IForwarderErrorFeature error, ProxyOptions settings)
    {
        if (context.Response.HasStarted || context.RequestAborted.IsCancellationRequested && !TimedOut(context))
        {
            return Task.CompletedTask;
        }
        LogFailed(logger, error.Error, error.Exception?.GetType().Name, context.Request.Path);
        if (TimedOut(context) || error.Error == ForwarderError.RequestTimedOut)
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Upstream timeout",
                "The service did not answer in time.");
        }
        if (error.Error == ForwarderError.NoAvailableDestinations)
        {
            context.Response.Headers.RetryAfter = ((int)settings.UnavailableRetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "No healthy instance of the service is available.");
        }
        // A chunked body over Kestrel's limit surfaces here, wrapped by the forwarder: the client's fault, not the upstream's.
        if (FindBadRequest(error.Exception) is { } bad)
        {
            return bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ProblemResponses.WriteAsync(context, bad.StatusCode, "Request body too large", "The request body exceeds the size limit.")
                : ProblemResponses.WriteAsync(context, bad.StatusCode, "Bad request", "The request body could not be read.");
        }
        return ProblemResponses.WriteAsync(context, StatusCodes.Status502BadGateway, "Bad gateway",
            "The service could not be reached or gave no valid answer.");
    }

    private static BadHttpRequestException? FindBadRequest(Exception? exception) => exception switch
    {
        null => null,
        BadHttpRequestException bad => bad,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindBadRequest).FirstOrDefault(e => e is not null),
        _ => FindBadRequest(exception.InnerException),
    };

    private static bool TimedOut(HttpContext context)
        => context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;

    [LoggerMessage(LogLevel.Warning, "Route {Route}: {Destination} failed ({Reason}); retrying on another destination")]
    private static partial void LogRetry(ILogger logger, string route, string? destination, string? reason);

    [LoggerMessage(LogLevel.Warning, "Proxy error {Error} ({Reason}) for {Path}")]
    private static partial void LogFailed(ILogger logger, ForwarderError error, string? reason, PathString path);
}
