using FitnessAssistant.ServiceDefaults.Authentication;

namespace FitnessAssistant.Gateway.Authentication;

/// <summary>Claim types, scheme and policy names shared by authentication, authorization and rate limiting.</summary>
public static class GatewayClaims
{
    public const string Subject = TokenClaims.Subject;
    public const string Role = TokenClaims.Role;
    public const string Plan = "plan";
    public const string CredentialKind = "credential";

    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string DefaultScheme = "ApiKeyOrBearer";

    /// <summary>Any authenticated caller: an API key or a bearer token.</summary>
    public const string ClientPolicy = "client";

    /// <summary>A bearer token with the admin role.</summary>
    public const string AdminPolicy = TokenClaims.AdminPolicy;

    public const string AdminRole = TokenClaims.AdminRole;
}
