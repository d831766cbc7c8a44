using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// A REST request that failed on a <see cref="DependencyOutage"/> answers 503 with <c>Retry-After</c> instead of the
/// 500 every other unhandled exception gets.
/// </summary>
public sealed partial class DependencyOutageExceptionHandler(IProblemDetailsService problems, ILogger<DependencyOutageExceptionHandler> logger)
    : IExceptionHandler
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!DependencyOutage.IsOutage(exception))
        {
            return false;
        }
        LogOutage(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                // The exception's text stays in the log: it may describe internals the client must not see.
                Detail = "A server this service depends on is not answering. Nothing was changed; retry later.",
            },
        });
    }

    [LoggerMessage(LogLevel.Warning, "{Method} {Path} answered 503: a dependency is not answering")]
    private static partial void LogOutage(ILogger logger, Exception exception, string method, string path);
}
