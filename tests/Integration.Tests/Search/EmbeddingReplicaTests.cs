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
/// query embeddings go to both, and killing one (SIGKILL) during a stream of searches fails none of them.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class EmbeddingReplicaTests(ServersFixture servers)
{
    private const string ModelRuns = "fitness_embedding_run_duration_seconds_count";
    private const int Workers = 4;

    private sealed record Outcome(TimeSpan At, HttpStatusCode Status, string? Degraded, string Text);

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
            reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
            reply.Degraded.Should().BeNull(reply.Text);
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
                outcomes.Add(new Outcome(clock.Elapsed, reply.Status, reply.Degraded, reply.Text));
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
            outcomes.Where(o => o.Status != HttpStatusCode.OK).Should().BeEmpty("no search may fail because a replica died");
            outcomes.Where(o => o.Degraded is not null).Should().BeEmpty("a call the dead replica dropped is retried on the live one in time");
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

    private static async Task<double> RunsAsync(ProjectResource replica) => await MetricsScrape.ValueAsync(replica.HttpEndpoint, ModelRuns) ?? 0;

    private static string Nonce() => "x" + Guid.NewGuid().ToString("N")[..8];
}
