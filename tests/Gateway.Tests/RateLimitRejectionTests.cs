using FitnessAssistant.Gateway.RateLimiting;

namespace FitnessAssistant.Gateway.Tests;

public sealed class RateLimitRejectionTests
{
    private static readonly RatePartition Free = new("key:a", "key", "client", new RatePlan { Limit = 60, Window = TimeSpan.FromMinutes(1), Burst = 20 });

    [Fact]
    public void A_spent_burst_says_burst_with_its_size_and_the_rate_it_refills_at()
    {
        RateLimitRejection.Detail(Free, RateLimitRejection.Burst, 1).Should().Be(
            "The client burst allowance of 20 requests is used up: requests came faster than 60 requests per minute " +
            "(the allowance refills at that rate); retry in 1 s.");
    }

    [Fact]
    public void A_spent_window_says_limit_per_window()
    {
        RateLimitRejection.Detail(Free, RateLimitRejection.Window, 42).Should().Be("The client limit of 60 requests per minute is used up; retry in 42 s.");
    }

    [Theory]
    [InlineData(60, "minute")]
    [InlineData(3600, "hour")]
    [InlineData(600, "10 minutes")]
    [InlineData(90, "90 s")]
    [InlineData(30, "30 s")]
    public void Windows_are_written_as_people_say_them(int seconds, string expected)
        => RateLimitRejection.Describe(TimeSpan.FromSeconds(seconds)).Should().Be(expected);
}
