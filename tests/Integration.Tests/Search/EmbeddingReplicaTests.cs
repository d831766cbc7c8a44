using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Services;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// Two embedding replicas behind the search replicas' gRPC clients (round robin over both, UNAVAILABLE retried):
/// query embeddings go to both, and killing one (SIGKILL) during a stream of searches fails none of them. On this
/// shared 2-core machine a search may still miss one of its deadlines (120-250 ms) under load, with or without the
/// kill; what the kill would cause without balancing and retries is a call failing UNAVAILABLE, and that is what
/// no search may show. The AppHost restarts the killed replica by itself.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class EmbeddingReplicaTests(SystemFixture system)
{
    private const string ModelRuns = "fitness_embedding_run_duration_seconds_count";
    private const int Workers = 2;

    private sealed record Outcome(TimeSpan At, HttpStatusCode Status, bool SawUnavailable, string Text);

    [Fact]
    public async Task Searches_use_both_embedding_replicas_and_killing_one_fails_no_search()
    {
        await SearchSystem.EnsureReadyAsync(system);
        var (victim, survivor) = (system.Embedding[0], system.Embedding[1]);
        await system.EnsureRunningAsync(victim);
        await system.EnsureRunningAsync(survivor);

        // Unseen queries (no cached embedding), one at a time: round robin sends them to both replicas.
        var (victimBefore, survivorBefore) = (await RunsAsync(victim), await RunsAsync(survivor));
        for (var i = 0; i < 20; i++)
        {
            var reply = await SearchSystem.SearchAsync(system, $"q=hamstring%20stretch%20{Nonce()}");
            SawUnavailable(reply).Should().BeFalse(reply.Text);
        }
        (await RunsAsync(victim)).Should().BeGreaterThan(victimBefore, $"{victim} embeds some of the queries");
        (await RunsAsync(survivor)).Should().BeGreaterThan(survivorBefore, $"{survivor} embeds some of the queries");

        var outcomes = new ConcurrentBag<Outcome>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var reply = await SearchSystem.SearchAsync(system, $"q=lower%20back%20stretch%20{Nonce()}");
                outcomes.Add(new Outcome(clock.Elapsed, reply.Status, SawUnavailable(reply), reply.Text));
            }
        })).ToList();
        var killedAt = TimeSpan.Zero;
        var killed = 0;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var survivorAtKill = await RunsAsync(survivor);
            killedAt = clock.Elapsed;
            killed = system.Kill(victim);
            await Task.WhenAll(load);

            outcomes.Count(o => o.At > killedAt).Should().BeGreaterThan(20, "searches went on after the kill");
            outcomes.Where(o => o.SawUnavailable).Should().BeEmpty("a call the dead replica dropped is retried on the live one");
            outcomes.Count(o => o.At > killedAt && o.Status == HttpStatusCode.OK).Should().BeGreaterThan(outcomes.Count(o => o.At > killedAt) / 2,
                "searches go on being answered after the kill");
            (await RunsAsync(survivor)).Should().BeGreaterThan(survivorAtKill, $"{survivor} takes the queries after the kill");
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
    }

    /// <summary>Whether a dependency call behind this answer (a degradation's reason, a 503's detail) failed UNAVAILABLE.</summary>
    private static bool SawUnavailable(SearchReply reply) => reply.Text.Contains("StatusCode=\\\"Unavailable\\\"", StringComparison.Ordinal)
        || reply.Text.Contains("StatusCode=\"Unavailable\"", StringComparison.Ordinal);

    private async Task<double> RunsAsync(string replica) => await MetricsScrape.ValueAsync(system.Endpoint(replica), ModelRuns) ?? 0;

    private static string Nonce() => "x" + Guid.NewGuid().ToString("N")[..8];
}
