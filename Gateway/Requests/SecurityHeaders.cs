namespace FitnessAssistant.Gateway.Requests;

/// <summary>
/// Response headers that keep browsers from sniffing, framing or leaking: API responses may load nothing at all, the
/// Swagger UI page only its own scripts and styles. Upstream values win; the upstream's <c>Server</c> header is dropped.
/// </summary>
public static class SecurityHeaders
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";
    private const string PortalPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'";

    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.Remove("Server");
            headers.Remove("X-Powered-By");
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("Referrer-Policy", "no-referrer");
            headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
            headers.TryAdd("Content-Security-Policy",
                context.Request.Path.StartsWithSegments("/swagger") ? PortalPolicy : ApiPolicy);
            if (context.Request.IsHttps)
            {
                headers.TryAdd("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            }
            return Task.CompletedTask;
        });
        return next(context);
    }
}
