namespace FitnessAssistant.Hosting.Supervision;

/// <summary>
/// When to start a resource again. A crash of a resource that had started restarts it after an exponentially growing
/// delay (reset once it has stayed up for <see cref="StableAfter"/>), without limit, as Kubernetes' CrashLoopBackOff
/// does. Start attempts that fail outright count against <see cref="MaxStartAttempts"/>: past it the resource is
/// <see cref="ResourceState.Failed"/>, because retrying a broken configuration forever only hides it.
/// </summary>
public sealed record RestartPolicy
{
    public static RestartPolicy Default { get; } = new();

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxStartAttempts { get; init; } = 5;

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The delay before the <paramref name="attempt"/>-th consecutive restart (1-based): 1 s, 2 s, 4 s, ... capped.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = InitialDelay.TotalMilliseconds * factor;
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxDelay.TotalMilliseconds));
    }
}
