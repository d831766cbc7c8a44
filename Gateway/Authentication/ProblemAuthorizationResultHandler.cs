using FitnessAssistant.Gateway.Problems;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;

namespace FitnessAssistant.Gateway.Authentication;

/// <summary>
/// Answers 401 and 403 as problem details. The detail says which credential was wrong (missing, invalid key, expired
/// or invalid token) without echoing it, so a client can fix its request and nothing secret is reflected.
/// </summary>
public sealed partial class ProblemAuthorizationResultHandler(ILogger<ProblemAuthorizationResultHandler> logger)
    : IAuthorizationMiddlewareResultHandler
{
    private const string Challenge = "Bearer realm=\"fitnessassistant\", ApiKey realm=\"fitnessassistant\" header=\"X-Api-Key\"";

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await next(context);
            return;
        }
        if (authorizeResult.Forbidden)
        {
            LogForbidden(logger, context.User.FindFirst(GatewayClaims.Subject)?.Value, context.Request.Path);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden",
                policy.Requirements.Any(r => r is Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement)
                    ? "This operation needs a bearer token with the admin role."
                    : "These credentials do not allow this operation.");
            return;
        }

        // The authentication middleware keeps only successful results; handlers cache theirs, so asking again is cheap.
        var failure = (await context.AuthenticateAsync()).Failure;
        var detail = TokenValidationExtensions.FailureDetail(failure,
            "Send an API key in the X-Api-Key header or a bearer token in the Authorization header.");
        var bearerError = failure switch
        {
            null or CredentialRejectedException => null,
            SecurityTokenExpiredException => "error=\"invalid_token\", error_description=\"The token expired\"",
            _ => "error=\"invalid_token\"",
        };
        LogUnauthenticated(logger, failure?.GetType().Name ?? "none", context.Request.Path);
        context.Response.Headers.WWWAuthenticate = bearerError is null ? Challenge : $"Bearer realm=\"fitnessassistant\", {bearerError}";
        await ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    [LoggerMessage(LogLevel.Information, "Request refused: not authenticated ({Reason}) for {Path}")]
    private static partial void LogUnauthenticated(ILogger logger, string reason, PathString path);

    [LoggerMessage(LogLevel.Information, "Request refused: {Subject} is not allowed {Path}")]
    private static partial void LogForbidden(ILogger logger, string? subject, PathString path);
}
