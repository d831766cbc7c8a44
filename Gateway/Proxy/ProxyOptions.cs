using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.Gateway.Proxy;

public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>
    /// Sends for one idempotent request without a body (GET, HEAD, OPTIONS), each to a destination not tried
    /// before, when the previous one failed before any response arrived (refused, reset). 1 disables retries.
    /// </summary>
    [Range(1, 5)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Adds <c>X-Upstream-Destination</c> (e.g. <c>search-2</c>) to proxied responses. For development and tests.</summary>
    public bool ExposeDestination { get; set; }

    /// <summary>How long a 503 tells clients to wait when no destination is available.</summary>
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
