namespace FitnessAssistant.AppHost.Restarts;

/// <summary>
/// Marks a resource for <see cref="CrashRestarter"/>: restart after 1 s, doubling up to <see cref="MaxDelay"/>; a run
/// that lasted <see cref="StableAfter"/> resets the delay, so a service that crashes once a day restarts at once.
/// </summary>
public sealed class RestartOnCrashAnnotation : IResourceAnnotation
{
    public const string RestartsProperty = "restarts";

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(1);

    internal TimeSpan NextDelay(CrashRestarter.Supervised supervised)
    {
        if (supervised.RunningSince is { } since && DateTimeOffset.UtcNow - since >= StableAfter)
        {
            supervised.Consecutive = 0;
        }
        var delay = FirstDelay * Math.Pow(2, Math.Min(supervised.Consecutive, 10));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
