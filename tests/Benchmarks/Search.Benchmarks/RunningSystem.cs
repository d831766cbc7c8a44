using System.Net.Http.Json;
using System.Text;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.Hosting;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.Search.Benchmarks;

/// <summary>
/// The whole system, started by the hosting library exactly as the AppHost wires it (two search replicas, one
/// gateway) in a state directory of its own, with free-exercise-db imported and indexed. The development API
/// key's plan is lifted so the gateway's rate limits do not cap the run.
/// </summary>
public sealed class RunningSystem : IAsyncDisposable
{
    private RunningSystem(Infrastructure infrastructure, FitnessSystem system)
    {
        Infrastructure = infrastructure;
        System = system;
    }

    public Infrastructure Infrastructure { get; }

    public FitnessSystem System { get; }

    public static async Task<RunningSystem> StartAsync(string catalogPath, Action<string> progress)
    {
        var infrastructure = Infrastructure.CreateInFirstFree("/tmp/fitnessassistant-search-bench");
        infrastructure.ResetState();
        var system = new FitnessSystem(infrastructure, searchReplicas: 2, durable: false);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            [$"RateLimiting__Plans__{GatewayCredentials.DevelopmentKeyPlan}__Limit"] = "10000000",
            [$"RateLimiting__Plans__{GatewayCredentials.DevelopmentKeyPlan}__Window"] = "00:01:00",
            [$"RateLimiting__Plans__{GatewayCredentials.DevelopmentKeyPlan}__Burst"] = "1000000",
            ["RateLimiting__ClientAddress__Limit"] = "10000000",
            ["RateLimiting__ClientAddress__Burst"] = "1000000",
        })
        {
            system.Gateway.WithEnvironment(key, value);
        }
        var running = new RunningSystem(infrastructure, system);
        progress("starting PostgreSQL, Redis, RabbitMQ");
        await infrastructure.StartAsync();
        progress("starting the metadata service and importing free-exercise-db");
        await system.EnsureRunningAsync(system.Metadata);
        using (var metadata = new HttpClient { BaseAddress = system.Metadata.HttpEndpoint, Timeout = TimeSpan.FromMinutes(2), DefaultRequestHeaders = { Authorization = new("Bearer", system.GatewayCredentials.MintToken("benchmark", ["admin"], TimeSpan.FromHours(12))) } })
        using (var body = new StringContent(await File.ReadAllTextAsync(catalogPath), Encoding.UTF8, "application/json"))
        using (var response = await metadata.PostAsync("/api/v1/admin/imports/free-exercise-db", body))
        {
            response.EnsureSuccessStatusCode();
        }
        progress("starting the indexing service and waiting for the index");
        await system.EnsureRunningAsync(system.Indexing);
        await WaitForIndexAsync(infrastructure, system, progress);
        progress("starting the search replicas and the gateway");
        foreach (var replica in system.Search)
        {
            await system.EnsureRunningAsync(replica);
        }
        await system.EnsureRunningAsync(system.Gateway);
        return running;
    }

    public string ConnectionString(string name) => Infrastructure.ConnectionStrings[name];

    public async ValueTask DisposeAsync()
    {
        await System.StopServicesAsync();
        await Infrastructure.DisposeAsync();
    }

    private static async Task WaitForIndexAsync(Infrastructure infrastructure, FitnessSystem system, Action<string> progress)
    {
        await using var dataSource = NpgsqlDataSource.Create(system.Postgres.ConnectionStringFor("vectordb"));
        var index = new PgVectorIndex(dataSource, Options.Create(new VectorIndexOptions()));
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (true)
        {
            try
            {
                var state = await index.GetStateAsync();
                if (state.ActiveVersion is { } active && !state.PendingChanges && await index.CountAsync(active) >= 873)
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
                throw new TimeoutException("The vector index was not built within 10 minutes.");
            }
            await Task.Delay(1000);
        }
    }
}
