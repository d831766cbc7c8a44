using FitnessAssistant.AppHost.Restarts;

namespace FitnessAssistant.AppHost.Tests.Restarts;

public sealed class RestartOnCrashAnnotationTests
{
    private readonly RestartOnCrashAnnotation _policy = new() { FirstDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Consecutive_crashes_double_the_delay_up_to_the_maximum()
    {
        var supervised = new CrashRestarter.Supervised();
        var delays = new List<double>();
        for (var i = 0; i < 8; i++)
        {
            delays.Add(_policy.NextDelay(supervised).TotalSeconds);
            supervised.Consecutive++;
        }

        delays.Should().Equal(1, 2, 4, 8, 16, 30, 30, 30);
    }

    [Fact]
    public void A_run_that_lasted_past_the_stable_time_starts_the_back_off_again()
    {
        var supervised = new CrashRestarter.Supervised { Consecutive = 6, RunningSince = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5) };

        _policy.NextDelay(supervised).Should().Be(TimeSpan.FromSeconds(1));
        supervised.Consecutive.Should().Be(0);
    }

    [Fact]
    public void A_run_shorter_than_the_stable_time_keeps_backing_off()
    {
        var supervised = new CrashRestarter.Supervised { Consecutive = 3, RunningSince = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5) };

        _policy.NextDelay(supervised).Should().Be(TimeSpan.FromSeconds(8));
    }

    [Fact]
    public void Many_crashes_do_not_overflow_the_delay()
    {
        var supervised = new CrashRestarter.Supervised { Consecutive = int.MaxValue };

        _policy.NextDelay(supervised).Should().Be(TimeSpan.FromSeconds(30));
    }
}
