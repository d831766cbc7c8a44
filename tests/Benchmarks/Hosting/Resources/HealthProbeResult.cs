namespace FitnessAssistant.Hosting.Resources;

/// <summary>One health probe of a running resource; <see cref="Detail"/> says what failed (e.g. the failing check).</summary>
public sealed record HealthProbeResult(bool IsHealthy, string? Detail = null)
{
    public static HealthProbeResult Healthy { get; } = new(true);
}
