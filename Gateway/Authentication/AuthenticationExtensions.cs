using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace FitnessAssistant.Gateway.Authentication;

public static class AuthenticationExtensions
{
    /// <summary>
    /// API keys (<c>X-Api-Key</c>) and HS256 bearer tokens behind one default scheme that picks by header; policies
    /// <see cref="GatewayClaims.ClientPolicy"/> and <see cref="GatewayClaims.AdminPolicy"/> used by the routes.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(GatewayClaims.DefaultScheme)
            .AddPolicyScheme(GatewayClaims.DefaultScheme, "API key or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? GatewayClaims.BearerScheme
                        : GatewayClaims.ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(GatewayClaims.ApiKeyScheme, null)
            .AddValidatedJwtBearer(GatewayClaims.BearerScheme);

        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayClaims.ClientPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(GatewayClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(TokenClaims.AdminRole));
        return builder;
    }
}
