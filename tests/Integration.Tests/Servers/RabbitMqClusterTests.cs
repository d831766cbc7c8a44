using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Metadata;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit.Abstractions;

namespace FitnessAssistant.IntegrationTests.Servers;

/// <summary>
/// The AppHost's RabbitMQ cluster (<c>FA_EVENTBUS_NODES=3</c>): three Debian nodes clustered on this machine, the
/// catalog-change queues as quorum queues with a member on each, and the node leading the main queue killed
/// (SIGKILL of its Erlang VM) during a stream of admin writes: every write reaches the index at its row version, and
/// the restarted node is a member again. A run of its own beside the shared system (metadata, indexing and what they
/// need; no search, no gateway), in the shared collection so that it does not run at the same time as its tests.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RabbitMqClusterTests(ITestOutputHelper output)
{
    private const string MainQueue = "indexing.catalog-changes";
    private static readonly string[] Nodes = ["eventbus", "eventbus-2", "eventbus-3"];

    [Fact]
    public async Task A_killed_node_under_admin_writes_loses_no_catalog_change_and_rejoins()
    {
        await using var run = await AppHostRun.CreateAsync(SystemFixture.StateRoot, "--FA_EVENTBUS_NODES=3", "--FA_EMBEDDING_INSTANCES=1", "--FA_SEARCH_REPLICAS=1");
        run.StartOnly(["indexing", "embedding-1", .. Nodes]);
        await run.StartAsync(TimeSpan.FromMinutes(5), Nodes);

        await using var vectors = NpgsqlDataSource.Create(await run.ConnectionStringAsync("vectordb"));
        var index = new PgVectorIndex(vectors, Options.Create(new VectorIndexOptions()));
        await WaitUntilAsync(async () => (await index.GetStateAsync()).ActiveVersion is not null, "the bootstrap should activate a version");

        var queues = await ListQueuesAsync(run);
        queues.Should().Contain(q => q.Name == MainQueue);
        foreach (var queue in queues)
        {
            queue.Type.Should().Be("quorum", $"{queue.Name} carries catalog changes");
            queue.Members.Should().HaveCount(3, $"{queue.Name} must have a member on every node");
        }
        var leader = queues.Single(q => q.Name == MainQueue).Leader;
        var victim = Nodes.Single(node => leader == $"fitness-{node}@localhost");

        using var metadata = new HttpClient { BaseAddress = run.Endpoint("metadata"), Timeout = TimeSpan.FromSeconds(60) };
        metadata.DefaultRequestHeaders.Authorization = new("Bearer", run.GatewayCredentials.MintToken("cluster-test", ["admin"], TimeSpan.FromHours(1)));
        var written = new Dictionary<string, long>();
        async Task WriteAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = MetadataApi.UniqueId("cluster");
                var etag = await MetadataApi.CreateAsync(metadata, MetadataApi.Exercise(id, $"Cluster Drill {written.Count}", "glutes"));
                written[id] = long.Parse(etag.Trim('"'));
                await Task.Delay(50);
            }
        }

        await WriteAsync(10);
        var killed = run.TryDescendantPid(victim, "beam.smp") ?? throw new InvalidOperationException($"{victim} has no Erlang VM");
        Posix.Signal(killed, Posix.SigKill);
        output.WriteLine($"killed {victim} (leader of {MainQueue}, pid {killed})");
        await WriteAsync(20);

        var watch = Stopwatch.StartNew();
        await WaitUntilAsync(async () =>
        {
            var stored = await index.GetSourceVersionsAsync((await index.GetStateAsync()).ActiveVersion!, [.. written.Keys]);
            return written.All(w => stored.TryGetValue(w.Key, out var version) && version == w.Value);
        }, "every write before and after the node's loss must reach the index at its row version");
        output.WriteLine($"all {written.Count} writes indexed {watch.ElapsedMilliseconds} ms after the last one");

        await WaitUntilAsync(() => Task.FromResult(run.TryDescendantPid(victim, "beam.smp") is { } pid && pid != killed), $"{victim} should be restarted");
        await run.WaitForAsync(victim, AppHostRun.IsHealthy, "healthy");
        var after = (await ListQueuesAsync(run)).Single(q => q.Name == MainQueue);
        after.Members.Should().HaveCount(3, "the restarted node is a member of the queue again");
        output.WriteLine($"{MainQueue} led by {after.Leader} after the restart");
    }

    private sealed record QueueInfo(string Name, string Type, string Leader, IReadOnlyList<string> Members);

    /// <summary>The cluster's queues as <c>rabbitmqctl list_queues</c> reports them (type and members are not visible over AMQP).</summary>
    private static async Task<IReadOnlyList<QueueInfo>> ListQueuesAsync(AppHostRun run)
    {
        var start = new ProcessStartInfo("/usr/lib/rabbitmq/bin/rabbitmqctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HOME"] = Path.Combine(run.StateDirectory, "eventbus", "home"),
                ["ERL_EPMD_PORT"] = run.Endpoint("eventbus-epmd", "tcp").Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RABBITMQ_CTL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
            },
        };
        foreach (var argument in (string[])["-n", "fitness-eventbus-2@localhost", "list_queues", "name", "type", "leader", "members", "--formatter", "json", "--quiet"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        process.ExitCode.Should().Be(0, await stderr);
        return [.. JsonDocument.Parse(await stdout).RootElement.EnumerateArray()
            .Where(q => q.GetProperty("name").GetString()!.StartsWith("indexing.", StringComparison.Ordinal))
            .Select(q => new QueueInfo(q.GetProperty("name").GetString()!, q.GetProperty("type").GetString()!,
                q.GetProperty("leader").GetString() ?? "", [.. q.GetProperty("members").EnumerateArray().Select(m => m.GetString()!)]))];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, because);
            await Task.Delay(250);
        }
    }
}
