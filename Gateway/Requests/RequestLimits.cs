using FitnessAssistant.Gateway.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.Gateway.Requests;

/// <summary>Rejects oversized requests before any work is done: 414 (URL, query), 431 (headers), 413 (declared body).</summary>
public sealed class RequestLimits(RequestDelegate next, IOptions<RequestLimitOptions> options)
{
    private readonly RequestLimitOptions _limits = options.Value;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        if (target.Length > _limits.MaxUrlLength)
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status414UriTooLong, "URI too long",
                $"The request target is {target.Length} characters; at most {_limits.MaxUrlLength} are accepted.");
        }
        var queryLength = request.QueryString.Value?.Length ?? 0;
        if (queryLength > _limits.MaxQueryStringLength)
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status414UriTooLong, "Query string too long",
                $"The query string is {queryLength} characters; at most {_limits.MaxQueryStringLength} are accepted.");
        }
        var headerBytes = 0L;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }
        if (headerBytes > _limits.MaxHeaderBytes)
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "Request headers too large",
                $"The request headers take {headerBytes} bytes; at most {_limits.MaxHeaderBytes} are accepted.");
        }
        if (request.ContentLength > _limits.MaxBodyBytes)
        {
            return ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large",
                $"The request body is {request.ContentLength} bytes; at most {_limits.MaxBodyBytes} are accepted.");
        }
        // A chunked body has no declared length: Kestrel enforces the same limit while it is streamed upstream.
        var bodySize = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (bodySize is { IsReadOnly: false })
        {
            bodySize.MaxRequestBodySize = _limits.MaxBodyBytes;
        }
        return next(context);
    }
}
