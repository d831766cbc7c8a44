using System.Globalization;
using System.Threading.RateLimiting;
using FitnessAssistant.Gateway.Problems;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// Counts each request against its client address and, once authenticated, its client (API key or token subject):
/// first this gateway's token buckets, then the shared sliding window. Over either: 429 with Retry-After.
/// Runs after authentication (to know the client) and before authorization, so failed logins count per address.
/// </summary>
public sealed partial class RateLimitingMiddleware(
    RequestDelegate next, LocalRateLimiter local, SharedRateLimiter shared, IOptionsMonitor<RateLimitOptions> options,
    GatewayMetrics metrics, ILogger<RateLimitingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var settings = options.CurrentValue;
        if (settings.ExemptPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
        {
            await next(context);
            return;
        }
        var address = RatePartition.ForAddress(context.Connection.RemoteIpAddress, settings.ClientAddress);
        var client = RatePartition.ForClient(context.User, settings);
        RatePartition[] partitions = client is null ? [address] : [address, client];

        foreach (var partition in partitions)
        {
            using var lease = local.AttemptAcquire(partition);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : partition.Plan.Window / partition.Plan.Limit;
                await RejectAsync(context, partition, retryAfter, "local", RateLimitRejection.Burst);
                return;
            }
        }
        var decision = await shared.TryAcquireAsync(partitions);
        if (!decision.Allowed)
        {
            await RejectAsync(context, decision.LimitedBy!, decision.RetryAfter, "shared", RateLimitRejection.Window);
            return;
        }
        await next(context);
    }

    private Task RejectAsync(HttpContext context, RatePartition partition, TimeSpan retryAfter, string store, string limit)
    {
        metrics.RateLimited(partition.Scope, store);
        LogRejected(logger, partition.Description, store, context.Request.Path);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ProblemResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
            RateLimitRejection.Detail(partition, limit, seconds));
    }

    [LoggerMessage(LogLevel.Information, "Rate limited ({Partition}, {Store} limit) on {Path}")]
    private static partial void LogRejected(ILogger logger, string partition, string store, PathString path);
}
