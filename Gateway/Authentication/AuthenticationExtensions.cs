using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

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
        services.AddValidatedOptions<JwtOptions>(JwtOptions.Section);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        services.AddAuthentication(GatewayClaims.DefaultScheme)
            .AddPolicyScheme(GatewayClaims.DefaultScheme, "API key or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? GatewayClaims.BearerScheme
                        : GatewayClaims.ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(GatewayClaims.ApiKeyScheme, null)
            .AddJwtBearer(GatewayClaims.BearerScheme, _ => { });

        // Configured from validated options once the container exists, so a missing signing key names the setting.
        services.AddOptions<JwtBearerOptions>(GatewayClaims.BearerScheme).Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
        {
            var jwt = jwtOptions.Value;
            bearer.RequireHttpsMetadata = false;
            // Claims keep their JWT names (sub, role, plan) instead of being mapped to long XML URIs.
            bearer.MapInboundClaims = false;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = jwt.Issuer,
                ValidAudience = jwt.Audience,
                IssuerSigningKeys = jwt.ValidationKeys(),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                RequireSignedTokens = true,
                RequireExpirationTime = true,
                ClockSkew = jwt.ClockSkew,
                NameClaimType = GatewayClaims.Subject,
                RoleClaimType = GatewayClaims.Role,
            };
            // Rate limits and logs are per subject: a token without one would share no one's limit.
            bearer.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(GatewayClaims.Subject)?.Value))
                    {
                        context.Fail(new CredentialRejectedException("The bearer token has no subject (sub claim)."));
                    }
                    return Task.CompletedTask;
                },
            };
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(GatewayClaims.ClientPolicy, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(GatewayClaims.AdminPolicy, policy => policy.RequireAuthenticatedUser().RequireRole(GatewayClaims.AdminRole));
        return builder;
    }
}
