using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// <see cref="Limit"/> requests per <see cref="Window"/>: enforced across all gateways by the shared sliding window,
/// and by each gateway's token bucket (capacity <see cref="Burst"/>, refilled at the same average rate).
/// </summary>
public sealed class RatePlan
{
    [Range(1, 10_000_000)]
    public int Limit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 10_000_000)]
    public int Burst { get; set; } = 20;
}
