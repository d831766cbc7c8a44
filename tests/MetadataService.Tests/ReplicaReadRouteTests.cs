using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Tests;

public sealed class ReplicaReadRouteTests
{
    private static ReplicaReadRoute Route() => new(primaryAbove: TimeSpan.FromSeconds(5), replicaBelow: TimeSpan.FromSeconds(1));

    private static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Reads_stay_on_the_primary_until_the_replica_has_been_sampled()
    {
        var route = Route();
        route.OnPrimary.Should().BeTrue();
        route.Update(Seconds(0), reachable: null).Should().BeFalse();
        route.Reason.Should().Contain("not been sampled");

        route.Update(Seconds(0), reachable: true).Should().BeTrue("a sampled, caught-up replica takes the reads");
        route.OnPrimary.Should().BeFalse();
        route.Reason.Should().BeNull();
    }

    [Fact]
    public void Reads_move_to_the_primary_only_above_the_upper_threshold()
    {
        var route = Route();
        route.Update(Seconds(0), reachable: true);

        route.Update(Seconds(4.9), reachable: true).Should().BeFalse();
        route.Update(Seconds(5), reachable: true).Should().BeFalse("the threshold itself is not above it");
        route.OnPrimary.Should().BeFalse();

        route.Update(Seconds(5.1), reachable: true).Should().BeTrue();
        route.OnPrimary.Should().BeTrue();
        route.Reason.Should().Be("the read replica lags 5.1 s (reads move to the primary above 5 s and return below 1 s)");
    }

    [Fact]
    public void A_lag_hovering_around_the_upper_threshold_switches_once_not_back_and_forth()
    {
        var route = Route();
        route.Update(Seconds(0), reachable: true);
        var switches = 0;
        foreach (var lag in new[] { 4.8, 5.2, 4.9, 5.3, 4.7, 5.1, 3.0, 2.0, 1.5, 1.0, 5.5 })
        {
            switches += route.Update(Seconds(lag), reachable: true) ? 1 : 0;
        }

        switches.Should().Be(1, "between the thresholds the route keeps its side");
        route.OnPrimary.Should().BeTrue();
    }

    [Fact]
    public void Reads_return_to_the_replica_only_below_the_lower_threshold()
    {
        var route = Route();
        route.Update(Seconds(0), reachable: true);
        route.Update(Seconds(6), reachable: true);

        route.Update(Seconds(1), reachable: true).Should().BeFalse("the lower threshold itself is not below it");
        route.Reason.Should().StartWith("the read replica lags 1.0 s");
        route.Update(Seconds(0.99), reachable: true).Should().BeTrue();
        route.OnPrimary.Should().BeFalse();

        route.Update(Seconds(4), reachable: true).Should().BeFalse("back on the replica, only the upper threshold moves reads again");
        route.OnPrimary.Should().BeFalse();
    }

    [Fact]
    public void An_unreachable_replica_counts_as_lagging_whatever_its_measured_lag()
    {
        var route = Route();
        route.Update(Seconds(0), reachable: true);

        route.Update(Seconds(0), reachable: false, failure: "Connection refused").Should().BeTrue();
        route.OnPrimary.Should().BeTrue();
        route.Reason.Should().Be("the read replica is unreachable (Connection refused)");
        route.Update(Seconds(0), reachable: false, failure: "Connection refused").Should().BeFalse();

        route.Update(Seconds(0), reachable: true).Should().BeTrue("it answers again and has nothing left to replay");
        route.OnPrimary.Should().BeFalse();
    }

    [Fact]
    public void A_replica_that_answers_again_but_is_still_behind_waits_for_the_lower_threshold()
    {
        var route = Route();
        route.Update(Seconds(0), reachable: true);
        route.Update(Seconds(0), reachable: false, failure: "timeout");

        route.Update(Seconds(2), reachable: true).Should().BeFalse();
        route.OnPrimary.Should().BeTrue();
        route.Reason.Should().StartWith("the read replica lags 2.0 s");
        route.Update(Seconds(0.2), reachable: true).Should().BeTrue();
    }
}
