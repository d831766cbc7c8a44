using System.Security.Claims;
using System.Text.Encodings.Web;
using FitnessAssistant.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.Gateway.Authentication;

/// <summary>Authenticates the <c>X-Api-Key</c> header against <see cref="ApiKeyStore"/>. The key itself is never logged.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var key = values.Count == 1 && values[0] is { } presented ? keys.Find(presented) : null;
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.Fail(new CredentialRejectedException("The API key is not valid.")));
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(GatewayClaims.Subject, key.Id),
                new Claim(GatewayClaims.Plan, key.Plan),
                new Claim(GatewayClaims.CredentialKind, "api-key"),
            ],
            Scheme.Name, GatewayClaims.Subject, GatewayClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
