namespace FitnessAssistant.ServiceDefaults.Authentication;

/// <summary>Claim names the bearer tokens carry (kept as in the JWT) and the role that may administer the system.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";

    public const string AdminRole = "admin";

    /// <summary>The authorization policy of every admin endpoint: a bearer token with the admin role.</summary>
    public const string AdminPolicy = "admin";
}
