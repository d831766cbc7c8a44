using System.Globalization;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// What a 429 tells the client: which of its two limits was hit, with that limit's figures. The local token bucket
/// refuses when the burst allowance is spent (requests come faster than the plan's average rate); the shared window
/// when the plan's limit per window is.
/// </summary>
public static class RateLimitRejection
{
    public const string Burst = "burst";
    public const string Window = "window";

    public static string Detail(RatePartition partition, string limit, int retryAfterSeconds)
    {
        var plan = partition.Plan;
        var rate = $"{plan.Limit} requests per {Describe(plan.Window)}";
        return limit == Burst
            ? $"The {partition.Description} burst allowance of {plan.Burst} requests is used up: requests came faster than " +
              $"{rate} (the allowance refills at that rate); retry in {retryAfterSeconds} s."
            : $"The {partition.Description} limit of {rate} is used up; retry in {retryAfterSeconds} s.";
    }

    /// <summary>"minute", "10 minutes", "30 s": how people say a window, not <c>00:01:00</c>.</summary>
    public static string Describe(TimeSpan window)
    {
        if (window == TimeSpan.FromMinutes(1))
        {
            return "minute";
        }
        if (window == TimeSpan.FromHours(1))
        {
            return "hour";
        }
        return window.TotalMinutes >= 1 && window.Seconds == 0 && window.Milliseconds == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{window.TotalMinutes:0.##} minutes")
            : string.Create(CultureInfo.InvariantCulture, $"{window.TotalSeconds:0.###} s");
    }
}
