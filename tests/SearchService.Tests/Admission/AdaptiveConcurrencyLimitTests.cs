using FitnessAssistant.SearchService.Admission;
using FitnessAssistant.SearchService.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FitnessAssistant.SearchService.Tests.Admission;

public sealed class AdaptiveConcurrencyLimitTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Admits_up_to_the_limit_and_refuses_the_next()
    {
        var limit = Create(new AdmissionOptions { InitialLimit = 3 });

        var admitted = Enumerable.Range(0, 4).Select(i => limit.TryAcquire(out _)).ToList();

        admitted.Should().Equal(true, true, true, false);
        limit.InFlight.Should().Be(3);
    }

    [Fact]
    public void A_released_search_frees_its_place()
    {
        var limit = Create(new AdmissionOptions { InitialLimit = 1 });
        limit.TryAcquire(out var startedAt).Should().BeTrue();

        limit.Release(startedAt);

        limit.InFlight.Should().Be(0);
        limit.TryAcquire(out _).Should().BeTrue();
    }

    [Fact]
    public void Fast_searches_at_a_used_limit_raise_it_additively()
    {
        var limit = Create(new AdmissionOptions { InitialLimit = 4, LatencyTarget = TimeSpan.FromMilliseconds(300) });

        // Full, fast rounds: every search finishes in 50 ms, the first half of them while at least half the limit
        // is in use: about half a search more per round.
        for (var round = 0; round < 8; round++)
        {
            RunRound(limit, limit.Limit, TimeSpan.FromMilliseconds(50));
        }

        limit.Limit.Should().BeInRange(6, 9);
    }

    [Fact]
    public void Fast_searches_of_an_idle_replica_do_not_raise_the_limit()
    {
        var limit = Create(new AdmissionOptions { InitialLimit = 8 });

        for (var i = 0; i < 100; i++)
        {
            RunRound(limit, 1, TimeSpan.FromMilliseconds(10));
        }

        limit.Limit.Should().Be(8);
    }

    [Fact]
    public void Slow_searches_together_shrink_the_limit_once_per_target_period()
    {
        var limit = Create(new AdmissionOptions { InitialLimit = 20, DecreaseFactor = 0.5, LatencyTarget = TimeSpan.FromMilliseconds(300) });

        RunRound(limit, 10, TimeSpan.FromSeconds(1));
        limit.Limit.Should().Be(10, "ten searches slow at the same time are one overload");

        _time.Advance(TimeSpan.FromMilliseconds(300));
        RunRound(limit, 5, TimeSpan.FromSeconds(1));
        limit.Limit.Should().Be(5);
    }

    [Fact]
    public void The_limit_stays_within_its_bounds()
    {
        var limit = Create(new AdmissionOptions { InitialLimit = 4, MinLimit = 2, MaxLimit = 5, DecreaseFactor = 0.5 });

        for (var i = 0; i < 10; i++)
        {
            RunRound(limit, 1, TimeSpan.FromSeconds(2));
        }
        limit.Limit.Should().Be(2);

        for (var i = 0; i < 100; i++)
        {
            RunRound(limit, limit.Limit, TimeSpan.FromMilliseconds(1));
        }
        limit.Limit.Should().Be(5);
    }

    [Fact]
    public void Disabled_admission_admits_everything()
    {
        var limit = Create(new AdmissionOptions { Enabled = false, InitialLimit = 1 });

        var admitted = Enumerable.Range(0, 50).Select(i => limit.TryAcquire(out _)).ToList();

        admitted.Should().AllSatisfy(a => a.Should().BeTrue());
    }

    /// <summary>Starts <paramref name="searches"/> searches together and ends them all after <paramref name="duration"/>.</summary>
    private void RunRound(AdaptiveConcurrencyLimit limit, int searches, TimeSpan duration)
    {
        var started = new List<long>();
        for (var i = 0; i < searches; i++)
        {
            limit.TryAcquire(out var startedAt).Should().BeTrue();
            started.Add(startedAt);
        }
        _time.Advance(duration);
        started.ForEach(limit.Release);
    }

    private AdaptiveConcurrencyLimit Create(AdmissionOptions options)
        => new(Options.Create(options), _time, TestMetrics.Create());
}
