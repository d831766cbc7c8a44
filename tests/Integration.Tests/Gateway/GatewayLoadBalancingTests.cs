using System.Collections.Concurrent;
using System.Diagnostics;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>
/// Two search replicas behind the real gateway; one is killed (SIGKILL) under load. Requests in flight on it and
/// those sent before the gateway notices are retried on the other replica, so clients see no failure at all; the
/// AppHost restarts the killed replica and the gateway lets it back in.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class GatewayLoadBalancingTests(SystemFixture system)
{
    private const int Workers = 4;

    // Paced so the load stays far below the development plan's rate (100 000 a minute, 2 000 burst): on a fast machine
    // unpaced workers drained the gateway's bucket and got 429s, which is not what this test is about.
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(10);

    private sealed record Outcome(TimeSpan At, int Status, string? Destination, string? Error);

    [Fact]
    public async Task Killing_a_search_replica_under_load_fails_no_client_request_and_it_rejoins_when_restarted()
    {
        var (victim, survivor) = (system.Search[0], system.Search[1]);
        await system.EnsureRunningAsync(victim);
        await system.EnsureRunningAsync(survivor);
        await system.EnsureRunningAsync("gateway");
        var gateway = system.Endpoint("gateway");
        var apiKey = system.GatewayCredentials.ApiKey;

        var outcomes = new ConcurrentBag<Outcome>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));
        var killedAt = TimeSpan.Zero;
        var killed = 0;
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await SendAsync(gateway, HttpMethod.Get, SearchPath, apiKey);
                    await response.Content.ReadAsByteArrayAsync();
                    outcomes.Add(new Outcome(clock.Elapsed, (int)response.StatusCode, response.Destination(), null));
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    outcomes.Add(new Outcome(clock.Elapsed, 0, null, ex.Message));
                }
                await Task.Delay(Pause);
            }
        })).ToList();

        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            killedAt = clock.Elapsed;
            killed = system.Kill(victim);
            // The AppHost restarts the victim after a second; until its new process answers, it can serve nothing.
            var downUntil = await AnswersAgainAsync(system.Endpoint(victim), clock);
            await Task.WhenAll(load);

            outcomes.Should().NotBeEmpty();
            outcomes.Where(o => o.Error is not null).Should().BeEmpty("no request may fail at the transport level");
            // The service's own answers pass through (it may answer 503 while its dependencies are missing); the
            // gateway's own 5xx (bad gateway, no destination, timeout) carry no destination header.
            outcomes.Where(o => o.Status >= 500 && o.Destination is null).Should().BeEmpty("the gateway may not fail a request");
            outcomes.Where(o => o.At < killedAt).Select(o => o.Destination).Distinct()
                .Should().BeEquivalentTo([victim, survivor], "both replicas share the load before the kill");
            // Polled every half second: the replica may be back up to that much before it is seen back.
            outcomes.Where(o => o.At > killedAt + TimeSpan.FromSeconds(1) && o.At < downUntil - TimeSpan.FromSeconds(1)).Should().NotBeEmpty()
                .And.OnlyContain(o => o.Destination == survivor);
            outcomes.Count(o => o.At > killedAt).Should().BeGreaterThan(20, "the load went on after the kill");
            await Task.Delay(500);
            system.LogText("gateway").Split('\n')
                .Should().Contain(line => line.Contains($"\"destinationId\":\"{victim}\"") && line.Contains("Unhealthy"),
                    "health checks take the dead replica out");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
            if (killed != 0)
            {
                await system.WaitRestartedAsync(victim, killed);
            }
        }

        // Active health checks see the restarted replica and passive health lets it back in: it gets traffic again.
        await EventuallyAsync(async () =>
        {
            using var response = await SendAsync(gateway, HttpMethod.Get, SearchPath, apiKey);
            return response.Destination() == victim;
        }, TimeSpan.FromSeconds(45), $"{victim} serves again after its restart");
    }

    /// <summary>When the replica answers anything again after the kill (its restarted process is up), at most a minute on.</summary>
    private static async Task<TimeSpan> AnswersAgainAsync(Uri replica, Stopwatch clock)
    {
        var deadline = clock.Elapsed + TimeSpan.FromMinutes(1);
        while (clock.Elapsed < deadline)
        {
            try
            {
                // A short wait: a connection the proxy accepts for a replica not up yet is never answered.
                using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                using var response = await Http.GetAsync(new Uri(replica, "/alive"), timeout.Token);
                return clock.Elapsed;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        return clock.Elapsed;
    }
}
