using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.ServiceDefaults.Http;

/// <summary>
/// Answers what the framework refuses while reading a request (a parameter that does not bind, another media type
/// than JSON for a body parameter, a body over the size limit) as problem details that say what was wrong. Without
/// it those are bare status codes, which status code pages dress with a title only.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest || httpContext.Response.HasStarted)
        {
            return false;
        }
        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            // The framework's messages name the parameter and the value it could not read; nothing internal.
            ProblemDetails = new ProblemDetails { Status = badRequest.StatusCode, Detail = badRequest.Message },
        });
    }
}
