namespace FitnessAssistant.Gateway.Authentication;

/// <summary>Claim types, scheme and policy names shared by authentication, authorization and rate limiting.</summary>
public static class GatewayClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Plan = "plan";
    public const string CredentialKind = "credential";

    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string DefaultScheme = "ApiKeyOrBearer";

    /// <summary>Any authenticated caller: an API key or a bearer token.</summary>
    public const string ClientPolicy = "client";

    /// <summary>A bearer token with the admin role.</summary>
    public const string AdminPolicy = "admin";

    public const string AdminRole = "admin";
}
