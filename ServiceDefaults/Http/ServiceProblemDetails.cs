using Microsoft.AspNetCore.Http;

namespace FitnessAssistant.ServiceDefaults.Http;

/// <summary>
/// What every problem a service answers carries besides the framework's <c>traceId</c>: <c>requestId</c>, the
/// gateway's <c>X-Request-Id</c> (which it also returns to the client) or else the service's trace identifier; and
/// for the statuses the framework answers with a title only (status code pages), a detail saying what to change.
/// </summary>
public static class ServiceProblemDetails
{
    public const string RequestIdHeader = "X-Request-Id";
    private const int MaxRequestIdLength = 128;

    public static void Customize(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers[RequestIdHeader];
        context.ProblemDetails.Extensions["requestId"] = header is [{ Length: > 0 and <= MaxRequestIdLength } id] ? id : http.TraceIdentifier;
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"Nothing is at '{http.Request.Path}'.",
            StatusCodes.Status405MethodNotAllowed => $"'{http.Request.Path}' does not accept {http.Request.Method}; the Allow header lists the methods it does.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"Send the body as JSON with Content-Type: application/json (got '{http.Request.ContentType ?? "no content type"}').",
            _ => null,
        };
    }
}
