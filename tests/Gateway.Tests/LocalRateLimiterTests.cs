using FitnessAssistant.Gateway.RateLimiting;

namespace FitnessAssistant.Gateway.Tests;

public sealed class LocalRateLimiterTests
{
    [Fact]
    public void A_slow_plan_refills_one_token_per_interval()
    {
        var bucket = LocalRateLimiter.ToBucket(new RatePlan { Limit = 60, Window = TimeSpan.FromMinutes(1), Burst = 20 });
        bucket.TokenLimit.Should().Be(20);
        bucket.TokensPerPeriod.Should().Be(1);
        bucket.ReplenishmentPeriod.Should().Be(TimeSpan.FromSeconds(1));
        bucket.QueueLimit.Should().Be(0, "over the limit is refused at once, never queued");
    }

    [Fact]
    public void A_fast_plan_refills_on_the_limiter_tick_at_the_same_average_rate()
    {
        var bucket = LocalRateLimiter.ToBucket(new RatePlan { Limit = 100_000, Window = TimeSpan.FromMinutes(1), Burst = 2000 });
        bucket.ReplenishmentPeriod.Should().Be(TimeSpan.FromMilliseconds(100));
        bucket.TokensPerPeriod.Should().Be(167, "100000 per minute is 166.7 per 100 ms, rounded up");
    }

    [Fact]
    public void Each_partition_has_its_own_bucket_of_burst_size()
    {
        using var limiter = new LocalRateLimiter();
        var plan = new RatePlan { Limit = 60, Window = TimeSpan.FromMinutes(1), Burst = 3 };
        var first = new RatePartition("key:a", "key", "client", plan);
        var second = new RatePartition("key:b", "key", "client", plan);

        var admitted = Enumerable.Range(0, 5).Count(_ =>
        {
            using var lease = limiter.AttemptAcquire(first);
            return lease.IsAcquired;
        });
        admitted.Should().Be(3);
        using var other = limiter.AttemptAcquire(second);
        other.IsAcquired.Should().BeTrue("another client is not affected");
    }
}
