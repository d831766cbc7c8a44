using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace FitnessAssistant.ServiceDefaults.Authentication;

public static class TokenValidationExtensions
{
    /// <summary>
    /// HS256 bearer tokens checked against <see cref="JwtOptions"/> (section <c>Jwt</c>, validated at start-up): issuer,
    /// audience, expiry, the current or a retiring key (by <c>kid</c>), and a subject. The gateway and the internal
    /// services that guard admin endpoints validate tokens with this one set-up.
    /// </summary>
    public static AuthenticationBuilder AddValidatedJwtBearer(this AuthenticationBuilder authentication, string scheme)
    {
        authentication.Services.AddValidatedOptions<JwtOptions>(JwtOptions.Section);
        authentication.AddJwtBearer(scheme, _ => { });
        // Configured from validated options once the container exists, so a missing signing key names the setting.
        authentication.Services.AddOptions<JwtBearerOptions>(scheme).Configure<IOptions<JwtOptions>>((bearer, jwtOptions) =>
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
                NameClaimType = TokenClaims.Subject,
                RoleClaimType = TokenClaims.Role,
            };
            // Rate limits and logs are per subject: a token without one would share no one's limit.
            bearer.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (string.IsNullOrWhiteSpace(context.Principal?.FindFirst(TokenClaims.Subject)?.Value))
                    {
                        context.Fail(new CredentialRejectedException("The bearer token has no subject (sub claim)."));
                    }
                    return Task.CompletedTask;
                },
            };
        });
        return authentication;
    }

    /// <summary>The safe detail of a failed authentication: what was wrong with the credential, never the credential.</summary>
    public static string FailureDetail(Exception? failure, string missing) => failure switch
    {
        null => missing,
        CredentialRejectedException rejected => rejected.Message,
        SecurityTokenExpiredException => "The bearer token has expired.",
        _ => "The bearer token is not valid.",
    };
}
