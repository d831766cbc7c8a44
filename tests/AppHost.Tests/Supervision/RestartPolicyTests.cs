using FitnessAssistant.Hosting.Supervision;

namespace FitnessAssistant.AppHost.Tests.Supervision;

public sealed class RestartPolicyTests
{
    [Fact]
    public void Delay_doubles_from_the_initial_delay_and_stops_at_the_maximum()
    {
        var policy = new RestartPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

        var delays = Enumerable.Range(1, 8).Select(attempt => policy.DelayBefore(attempt).TotalSeconds);

        delays.Should().Equal(1, 2, 4, 8, 16, 30, 30, 30);
    }

    [Fact]
    public void A_huge_attempt_number_does_not_overflow()
    {
        RestartPolicy.Default.DelayBefore(int.MaxValue).Should().Be(RestartPolicy.Default.MaxDelay);
    }

    [Fact]
    public void Attempts_count_from_one()
    {
        var act = () => RestartPolicy.Default.DelayBefore(0);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
