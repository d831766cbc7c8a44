using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FitnessAssistant.ServiceDefaults.Authentication;

public static class AdminAuthenticationExtensions
{
    /// <summary>
    /// Admin endpoints of an internal service check the admin token themselves (defence in depth: the gateway checks
    /// it first and forwards the Authorization header), so a caller that reaches the service's port directly gets 401
    /// without a valid token and 403 without the admin role, both as problem details.
    /// </summary>
    public static IHostApplicationBuilder AddAdminAuthentication(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddValidatedJwtBearer(JwtBearerDefaults.AuthenticationScheme);
        builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, bearer =>
        {
            bearer.Events.OnChallenge = async context =>
            {
                context.HandleResponse();
                var detail = TokenValidationExtensions.FailureDetail(context.AuthenticateFailure,
                    "Send a bearer token with the admin role in the Authorization header.");
                context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                    ? "Bearer realm=\"fitnessassistant\""
                    : "Bearer realm=\"fitnessassistant\", error=\"invalid_token\"";
                await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
            };
            bearer.Events.OnForbidden = context =>
                WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
                    "This operation needs a bearer token with the admin role.");
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TokenClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(TokenClaims.AdminRole));
        return builder;
    }

    /// <summary>Only callers with an admin token reach the endpoints of <paramref name="builder"/>.</summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.RequireAuthorization(TokenClaims.AdminPolicy);

    private static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
