namespace FitnessAssistant.Gateway.Requests;

/// <summary>
/// Every request carries an <c>X-Request-Id</c>: the client's if it is well formed, otherwise a new one. It is passed
/// to the upstream service, returned to the client and used as the request's trace identifier in logs.
/// </summary>
public sealed class RequestId(RequestDelegate next, ILogger<RequestId> logger)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 128;
    private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("X-Request-Id:{XRequestId}");

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName];
        var id = incoming.Count == 1 && IsWellFormed(incoming[0]) ? incoming[0]! : Guid.NewGuid().ToString("N");
        context.Request.Headers[HeaderName] = id;
        context.TraceIdentifier = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        using (Scope(logger, id))
        {
            await next(context);
        }
    }

    // Anything else (overlong, control characters, spaces) could be used to forge log lines downstream.
    public static bool IsWellFormed(string? value)
        => !string.IsNullOrEmpty(value) && value.Length <= MaxLength
           && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
