using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.Gateway.RateLimiting;

public sealed class RateLimitOptions : IValidatableObject
{
    public const string Section = "RateLimiting";

    /// <summary>Plans by name; API keys name theirs, bearer tokens may carry a <c>plan</c> claim.</summary>
    public Dictionary<string, RatePlan> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Plan of authenticated callers that name none (or an unknown one).</summary>
    public string DefaultPlan { get; set; } = "standard";

    /// <summary>Applied to every request per client address (IPv6 per /64), authenticated or not.</summary>
    public RatePlan ClientAddress { get; set; } = new() { Limit = 1200, Burst = 200 };

    /// <summary>Paths never limited: orchestrator probes.</summary>
    public string[] ExemptPaths { get; set; } = ["/health", "/alive"];

    public SharedWindowOptions Shared { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Plans.ContainsKey(DefaultPlan))
        {
            yield return new ValidationResult($"RateLimiting:DefaultPlan '{DefaultPlan}' is not in RateLimiting:Plans.", [nameof(DefaultPlan)]);
        }
        foreach (var (name, plan) in Plans.Select(p => (p.Key, p.Value)).Append(("ClientAddress", ClientAddress)))
        {
            var setting = name == "ClientAddress" ? "RateLimiting:ClientAddress" : $"RateLimiting:Plans:{name}";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(plan, new ValidationContext(plan), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult($"{setting}: {result.ErrorMessage}", result.MemberNames);
                }
            }
            if (plan.Window < TimeSpan.FromSeconds(1) || plan.Window > TimeSpan.FromDays(1))
            {
                yield return new ValidationResult($"{setting}:Window must be between 00:00:01 and 1.00:00:00.", [nameof(RatePlan.Window)]);
            }
        }
    }
}

public sealed class SharedWindowOptions
{
    /// <summary>Off: each gateway enforces only its own token buckets.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Longest a request waits for Redis before it is served on local limits alone.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After repeated failures Redis is not asked at all for this long.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    public string KeyPrefix { get; set; } = "fa:gateway:rl:";
}
