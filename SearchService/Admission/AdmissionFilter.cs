using System.Globalization;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Admission;

/// <summary>
/// Refuses a search at once with 503 and <c>Retry-After</c> when the replica is at its concurrency limit, before any
/// work is spent on it; admitted searches report their latency back to the limit.
/// </summary>
public sealed class AdmissionFilter(AdaptiveConcurrencyLimit limit, IOptions<AdmissionOptions> options, SearchMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!limit.TryAcquire(out var startedAt))
        {
            metrics.Refused();
            var retryAfter = (int)Math.Ceiling(options.Value.RetryAfter.TotalSeconds);
            context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                title: "Search is at capacity.",
                detail: $"This search replica is already working on its limit of {limit.Limit} searches. Try again in {retryAfter} s.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        try
        {
            return await next(context);
        }
        finally
        {
            limit.Release(startedAt);
        }
    }
}
