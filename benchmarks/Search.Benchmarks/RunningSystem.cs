using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// The whole system as the AppHost declares it (two search replicas, one gateway), run by Aspire.Hosting.Testing in a
/// state directory of its own, with free-exercise-db imported and indexed. The development API key's plan is lifted
/// so the gateway's rate limits do not cap the run. The gateway is called at its own port, not through Aspire's proxy.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    private readonly Dictionary<string, string> _connectionStrings = [];

    private RunningSystem(AppHostRun run)
    {
        Run = run;
    }

    public AppHostRun Run { get; }

    public Uri Gateway => Run.TargetEndpoint("gateway");

    public GatewayCredentials Credentials => Run.GatewayCredentials;

    /// <summary>An admin bearer token for metadata's and indexing's admin APIs.</summary>
    public string AdminToken => Credentials.MintToken("benchmark", ["admin"], TimeSpan.FromHours(12));

    public static async Task<RunningSystem> StartAsync(string catalogPath, Action<string> progress)
    {
        var run = await AppHostRun.CreateAsync("/tmp/fitnessassistant-search-bench");
        var system = new RunningSystem(run);
        try
        {
            run.LiftGatewayRateLimits();
            // In the order the benchmark has always used: metadata with the catalog imported before indexing starts (its
            // bootstrap then indexes the whole catalog at once, rather than racing the import), search once indexed.
            run.StartOnly("metadata");
            progress("starting the AppHost's PostgreSQL, RabbitMQ and metadata (Aspire.Hosting.Testing)");
            await run.StartAsync(TimeSpan.FromMinutes(5));
            progress("importing free-exercise-db");
            using (var metadata = new HttpClient { BaseAddress = run.Endpoint("metadata"), Timeout = TimeSpan.FromMinutes(2), DefaultRequestHeaders = { Authorization = new("Bearer", system.AdminToken) } })
            using (var body = new StringContent(await File.ReadAllTextAsync(catalogPath), Encoding.UTF8, "application/json"))
            using (var response = await metadata.PostAsync("/api/v1/admin/imports/free-exercise-db", body))
            {
                response.EnsureSuccessStatusCode();
            }
            progress("starting Redis, embedding and indexing, and waiting for the index to hold the import");
            await run.EnsureStartedAsync("indexing");
            foreach (var name in new[] { "redis", "catalogdb", "vectordb" })
            {
                system._connectionStrings[name] = await run.ConnectionStringAsync(name);
            }
            var ids = JsonDocument.Parse(await File.ReadAllBytesAsync(catalogPath)).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
            await system.WaitForIndexAsync(ids, progress);
            // Search after the index: a replica started earlier answers 503 until it has seen an active version.
            progress("starting the search replicas and the gateway");
            await run.EnsureStartedAsync("gateway");
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    public string ConnectionString(string name) => _connectionStrings[name];

    public ValueTask DisposeAsync() => Run.DisposeAsync();

    private async Task WaitForIndexAsync(IReadOnlyList<string> ids, Action<string> progress)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString("vectordb"));
        var index = new PgVectorIndex(dataSource, Options.Create(new VectorIndexOptions()));
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                var state = await index.GetStateAsync();
                if (state.ActiveVersion is { } active && !state.PendingChanges && (await index.GetSourceVersionsAsync(active, ids)).Count == ids.Count)
                {
                    progress($"index {active} active at epoch {state.Epoch} with {await index.CountAsync(active)} exercises");
                    return;
                }
            }
            catch (IndexNotReadyException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The vector index did not hold the import within 10 minutes.");
            }
            await Task.Delay(1000);
        }
    }
}
