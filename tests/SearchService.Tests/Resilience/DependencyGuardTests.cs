using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.SearchService.Tests.Fakes;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FitnessAssistant.SearchService.Tests.Resilience;

public sealed class DependencyGuardTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMilliseconds(20);
    private readonly FakeTimeProvider _time = new();
    private readonly SchedulingLag _lag;
    private readonly DependencyGuard _guard;

    public DependencyGuardTests()
    {
        _lag = new SchedulingLag(_time);
        _guard = new DependencyGuard(Options.Create(new ResilienceOptions { BreakerMinimumThroughput = 4, BreakerFailureRatio = 0.5 }),
            TestMetrics.Create(), _lag, NullLogger<DependencyGuard>.Instance);
    }

    [Fact]
    public void The_lag_is_how_late_the_timer_ran_within_the_last_second()
    {
        Tick(10, SchedulingLag.Interval);
        _lag.Recent.Should().Be(TimeSpan.Zero, "every tick ran on time");

        _time.Advance(TimeSpan.FromMilliseconds(400));
        _lag.Recent.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300), "the tick due 50 ms in ran 350 ms late");

        Tick(30, SchedulingLag.Interval);
        _lag.Recent.Should().Be(TimeSpan.Zero, "a second and a half on time later, that is history");
    }

    [Fact]
    public async Task Missed_deadlines_open_the_breaker_when_this_process_runs_on_time()
    {
        for (var i = 0; i < 6; i++)
        {
            await MissDeadlineAsync();
        }

        _guard.IsOpen("embedding").Should().BeTrue("every call to the dependency timed out");
    }

    [Fact]
    public async Task Missed_deadlines_while_this_process_runs_late_degrade_but_leave_the_breaker_closed()
    {
        _time.Advance(TimeSpan.FromMilliseconds(400));

        for (var i = 0; i < 6; i++)
        {
            var failure = await MissDeadlineAsync();
            failure.Message.Should().Contain("late");
        }

        _guard.IsOpen("embedding").Should().BeFalse("the time went to this process's own queueing, not to the dependency");
    }

    public void Dispose() => _lag.Dispose();

    private async Task<DependencyUnavailableException> MissDeadlineAsync()
    {
        var call = () => _guard.ExecuteAsync("embedding", Deadline, token => Task.Delay(Timeout.Infinite, token), CancellationToken.None);
        return (await call.Should().ThrowAsync<DependencyUnavailableException>()).Which;
    }

    private void Tick(int times, TimeSpan step)
    {
        for (var i = 0; i < times; i++)
        {
            _time.Advance(step);
        }
    }
}
