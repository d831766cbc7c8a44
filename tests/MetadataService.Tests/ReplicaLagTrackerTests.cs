using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class ReplicaLagTrackerTests
{
    private static readonly DateTime T0 = new(2026, 11, 21, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_replica_that_replays_what_the_primary_flushed_has_no_lag()
    {
        var tracker = new ReplicaLagTracker();
        tracker.PrimaryFlushed(T0, 1000);
        tracker.ReplicaReplayed(1000);

        tracker.LagAt(T0.AddSeconds(30)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void An_idle_primary_is_no_lag_however_long_ago_the_last_write_was()
    {
        var tracker = new ReplicaLagTracker();
        tracker.PrimaryFlushed(T0, 1000);
        tracker.ReplicaReplayed(1000);
        for (var s = 2; s <= 3600; s += 2)
        {
            tracker.PrimaryFlushed(T0.AddSeconds(s), 1000);
            tracker.ReplicaReplayed(1000);
        }

        tracker.LagAt(T0.AddHours(1)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void A_stuck_replica_lags_from_the_first_position_it_has_not_replayed_and_catches_up_step_by_step()
    {
        var tracker = new ReplicaLagTracker();
        tracker.PrimaryFlushed(T0, 1000);
        tracker.ReplicaReplayed(1000);
        tracker.PrimaryFlushed(T0.AddSeconds(2), 2000);
        tracker.ReplicaReplayed(1000);
        tracker.PrimaryFlushed(T0.AddSeconds(4), 3000);
        tracker.ReplicaReplayed(1000);

        tracker.LagAt(T0.AddSeconds(10)).Should().Be(TimeSpan.FromSeconds(8));

        tracker.ReplicaReplayed(2500);
        tracker.LagAt(T0.AddSeconds(10)).Should().Be(TimeSpan.FromSeconds(6), "what the primary had at 2 s is replayed, not what it had at 4 s");

        tracker.ReplicaReplayed(3000);
        tracker.LagAt(T0.AddSeconds(10)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void An_unreachable_replica_keeps_lagging_from_its_last_replayed_position_while_the_primary_writes()
    {
        var tracker = new ReplicaLagTracker();
        tracker.PrimaryFlushed(T0, 1000);
        tracker.ReplicaReplayed(1000);
        // No replica answers from here on.
        tracker.PrimaryFlushed(T0.AddSeconds(2), 1500);
        tracker.PrimaryFlushed(T0.AddSeconds(4), 1800);

        tracker.LagAt(T0.AddSeconds(60)).Should().Be(TimeSpan.FromSeconds(58));
    }

    [Fact]
    public void A_server_that_is_not_in_recovery_has_nothing_to_replay()
    {
        var tracker = new ReplicaLagTracker();
        tracker.PrimaryFlushed(T0, 1000);
        tracker.ReplicaReplayed(null);

        tracker.LagAt(T0.AddSeconds(5)).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Samples_are_thinned_for_a_long_stuck_replica_and_the_lag_then_reads_high_by_at_most_the_spacing()
    {
        var tracker = new ReplicaLagTracker(maxSamples: 8);
        tracker.ReplicaReplayed(0);
        for (var i = 1; i <= 1000; i++)
        {
            tracker.PrimaryFlushed(T0.AddSeconds(i), i * 100);
        }
        // 1000 samples in at most 8 entries: about 1000 / 8 = 125 s apart.
        var spacing = TimeSpan.FromSeconds(1000.0 / 8 + 5);

        tracker.LagAt(T0.AddSeconds(1000)).Should().Be(TimeSpan.FromSeconds(999), "the oldest time is never merged away");

        // Half replayed: the first position not replayed was flushed at 501 s, so the true lag is 499 s.
        tracker.ReplicaReplayed(50_000);
        tracker.LagAt(T0.AddSeconds(1000)).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(499))
            .And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(499) + spacing);

        // Only the newest position (flushed at 1000 s) is left to replay.
        tracker.ReplicaReplayed(99_999);
        tracker.LagAt(T0.AddSeconds(1010)).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(10))
            .And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(10) + spacing);
        tracker.ReplicaReplayed(100_000);
        tracker.LagAt(T0.AddSeconds(1010)).Should().Be(TimeSpan.Zero);

        // Caught up: full resolution again.
        tracker.PrimaryFlushed(T0.AddSeconds(1011), 100_100);
        tracker.PrimaryFlushed(T0.AddSeconds(1012), 100_200);
        tracker.ReplicaReplayed(100_100);
        tracker.LagAt(T0.AddSeconds(1013)).Should().Be(TimeSpan.FromSeconds(1));
    }
}
