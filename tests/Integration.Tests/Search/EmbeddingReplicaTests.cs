using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Services;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// Two embedding replicas behind the search replicas' gRPC clients (round robin over both, UNAVAILABLE retried):
/// query embeddings go to both, and killing one (SIGKILL) during a stream of searches fails none of them. On this
/// shared 2-core machine a search may still miss one of its deadlines (120-250 ms) under load, with or without the
/// kill; what the kill would cause without balancing and retries is a call failing UNAVAILABLE, and that is what
/// no search may show.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class EmbeddingReplicaTests(ServersFixture servers)
{
    private const string ModelRuns = "fitness_embedding_run_duration_seconds_count";
    private const int Workers = 2;

    private sealed record Outcome(TimeSpan At, HttpStatusCode Status, bool SawUnavailable, string Text);

    [Fact]
    public async Task Searches_use_both_embedding_replicas_and_killing_one_fails_no_search()
    {
        await SearchSystem.EnsureReadyAsync(servers);
        var (victim, survivor) = (servers.System.Embedding[0], servers.System.Embedding[1]);
        await servers.EnsureRunningAsync(victim);
        await servers.EnsureRunningAsync(survivor);

        // Unseen queries (no cached embedding), one at a time: round robin sends them to both replicas.
        var (victimBefore, survivorBefore) = (await RunsAsync(victim), await RunsAsync(survivor));
        for (var i = 0; i < 20; i++)
        {
            var reply = await SearchSystem.SearchAsync(servers, $"q=hamstring%20stretch%20{Nonce()}");
            SawUnavailable(reply).Should().BeFalse(reply.Text);
        }
        (await RunsAsync(victim)).Should().BeGreaterThan(victimBefore, $"{victim.Name} embeds some of the queries");
        (await RunsAsync(survivor)).Should().BeGreaterThan(survivorBefore, $"{survivor.Name} embeds some of the queries");

        var outcomes = new ConcurrentBag<Outcome>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var reply = await SearchSystem.SearchAsync(servers, $"q=lower%20back%20stretch%20{Nonce()}");
                outcomes.Add(new Outcome(clock.Elapsed, reply.Status, SawUnavailable(reply), reply.Text));
            }
        })).ToList();
        var killedAt = TimeSpan.Zero;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            var survivorAtKill = await RunsAsync(survivor);
            killedAt = clock.Elapsed;
            Posix.Signal(victim.Processes.Single().Pid, Posix.SigKill);
            await Task.WhenAll(load);

            outcomes.Count(o => o.At > killedAt).Should().BeGreaterThan(20, "searches went on after the kill");
            outcomes.Where(o => o.SawUnavailable).Should().BeEmpty("a call the dead replica dropped is retried on the live one");
            outcomes.Count(o => o.At > killedAt && o.Status == HttpStatusCode.OK).Should().BeGreaterThan(outcomes.Count(o => o.At > killedAt) / 2,
                "searches go on being answered after the kill");
            (await RunsAsync(survivor)).Should().BeGreaterThan(survivorAtKill, $"{survivor.Name} takes the queries after the kill");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
            await victim.StopAsync();
            await servers.EnsureRunningAsync(victim);
        }
    }

    /// <summary>Whether a dependency call behind this answer (a degradation's reason, a 503's detail) failed UNAVAILABLE.</summary>
    private static bool SawUnavailable(SearchReply reply) => reply.Text.Contains("StatusCode=\\\"Unavailable\\\"", StringComparison.Ordinal)
        || reply.Text.Contains("StatusCode=\"Unavailable\"", StringComparison.Ordinal);

    private static async Task<double> RunsAsync(ProjectResource replica) => await MetricsScrape.ValueAsync(replica.HttpEndpoint, ModelRuns) ?? 0;

    private static string Nonce() => "x" + Guid.NewGuid().ToString("N")[..8];
}
