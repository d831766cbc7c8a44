using System.ComponentModel.DataAnnotations;
using FitnessAssistant.Gateway.RateLimiting;

namespace FitnessAssistant.Gateway.Tests;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void The_default_plan_must_exist_and_plans_must_be_sane()
    {
        var options = new RateLimitOptions
        {
            DefaultPlan = "standard",
            Plans = new(StringComparer.OrdinalIgnoreCase)
            {
                ["free"] = new RatePlan { Limit = 0, Window = TimeSpan.FromMilliseconds(10) },
            },
        };
        var errors = options.Validate(new ValidationContext(options)).Select(e => e.ErrorMessage).ToList();
        errors.Should().Contain(e => e!.Contains("RateLimiting:DefaultPlan 'standard'"));
        errors.Should().Contain(e => e!.Contains("RateLimiting:Plans:free") && e.Contains("Limit"));
        errors.Should().Contain(e => e!.Contains("RateLimiting:Plans:free:Window"));
    }

    [Fact]
    public void The_shipped_defaults_are_valid()
    {
        var options = new RateLimitOptions { Plans = new(StringComparer.OrdinalIgnoreCase) { ["standard"] = new RatePlan() } };
        options.Validate(new ValidationContext(options)).Should().BeEmpty();
    }
}
