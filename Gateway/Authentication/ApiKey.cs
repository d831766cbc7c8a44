namespace FitnessAssistant.Gateway.Authentication;

/// <summary>A registered API key: its public id, the rate plan it is billed on and an optional end of validity.</summary>
public sealed record ApiKey(string Id, string Plan, DateTimeOffset? ExpiresAt)
{
    /// <summary>Hex SHA-256 of the key: all the gateway ever stores.</summary>
    public required string Sha256 { get; init; }
}
