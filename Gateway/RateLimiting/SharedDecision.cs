namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>The shared window's answer; <see cref="Unavailable"/> means Redis could not be asked and local limits alone apply.</summary>
public sealed record SharedDecision(bool Allowed, TimeSpan RetryAfter, RatePartition? LimitedBy)
{
    public static readonly SharedDecision Unavailable = new(true, TimeSpan.Zero, null);
}
