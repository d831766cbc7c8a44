using System.Threading.RateLimiting;

namespace FitnessAssistant.Gateway.RateLimiting;

/// <summary>
/// This gateway's own token buckets, one per partition. They absorb floods without a network round trip and keep
/// limits in force when the shared window is unavailable.
/// </summary>
public sealed class LocalRateLimiter : IDisposable
{
    // The partitioned limiter replenishes its buckets on a 100 ms timer.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly PartitionedRateLimiter<RatePartition> _buckets = PartitionedRateLimiter.Create<RatePartition, RatePartition>(
        partition => RateLimitPartition.GetTokenBucketLimiter(partition, p => ToBucket(p.Plan)));

    public RateLimitLease AttemptAcquire(RatePartition partition) => _buckets.AttemptAcquire(partition);

    public static TokenBucketRateLimiterOptions ToBucket(RatePlan plan)
    {
        var perToken = plan.Window / plan.Limit;
        var (period, tokens) = perToken >= Tick
            ? (perToken, 1)
            : (Tick, (int)Math.Ceiling(plan.Limit * (Tick / plan.Window)));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = plan.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    public void Dispose() => _buckets.Dispose();
}
