using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHostRuns;
using FitnessAssistant.VectorIndex;
using FitnessAssistant.VectorIndex.PgVector;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FitnessAssistant.Faults.Benchmarks;

/// <summary>
/// The whole system as the AppHost declares it, run by Aspire.Hosting.Testing in a state directory of its own, with
/// the gateway's rate limits lifted (the suite sheds by the services' own admission, not by the plan) and the
/// starter catalog indexed. What the suite needs to judge a run: the catalog and the index, read directly.
/// </summary>
public sealed class FaultSystem : IAsyncDisposable
{
    private FaultSystem(AppHostRun run, NpgsqlDataSource catalog, NpgsqlDataSource vectors)
    {
        Run = run;
        Catalog = catalog;
        Vectors = vectors;
        Index = new PgVectorIndex(vectors, Options.Create(new VectorIndexOptions()));
        AdminToken = run.GatewayCredentials.MintToken("fault-suite", ["admin"], TimeSpan.FromHours(12), plan: GatewayCredentials.DevelopmentKeyPlan);
    }

    public AppHostRun Run { get; }

    public NpgsqlDataSource Catalog { get; }

    public NpgsqlDataSource Vectors { get; }

    public PgVectorIndex Index { get; }

    public Uri Gateway => Run.TargetEndpoint("gateway");

    public string ApiKey => Run.GatewayCredentials.ApiKey;

    /// <summary>An admin token on the development plan, whose limits the suite lifts.</summary>
    public string AdminToken { get; }

    public static async Task<FaultSystem> StartAsync(int eventBusNodes, Action<string> progress)
    {
        var run = await AppHostRun.CreateAsync("/tmp/fitnessassistant-fault-suite", $"--FA_EVENTBUS_NODES={eventBusNodes}");
        try
        {
            run.LiftGatewayRateLimits();
            progress($"starting the AppHost's system with {eventBusNodes} RabbitMQ node(s)");
            await run.StartAsync(TimeSpan.FromMinutes(6));
            // Unpooled: a pooled connection would not survive the scenarios that kill the server.
            var system = new FaultSystem(run,
                NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await run.ConnectionStringAsync("catalogdb")) { Pooling = false }.ConnectionString),
                NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(await run.ConnectionStringAsync("vectordb")) { Pooling = false }.ConnectionString));
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (await system.ActiveVersionAsync() is null)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("No index version became active within 5 minutes.");
                }
                await Task.Delay(1000);
            }
            progress("the starter catalog is indexed");
            return system;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async Task<string?> ActiveVersionAsync()
    {
        try
        {
            return (await Index.GetStateAsync()).ActiveVersion;
        }
        catch (Exception ex) when (ex is NpgsqlException or IndexNotReadyException)
        {
            return null;
        }
    }

    /// <summary>The row version of each of <paramref name="ids"/> the catalog holds now (public ids).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CatalogRowVersionsAsync(IReadOnlyCollection<string> ids)
    {
        await using var command = Catalog.CreateCommand("SELECT slug, row_version FROM exercises WHERE slug = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var found = new Dictionary<string, long>();
        while (await reader.ReadAsync())
        {
            found[reader.GetString(0)] = reader.GetInt64(1);
        }
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await Catalog.DisposeAsync();
        await Vectors.DisposeAsync();
        await Run.DisposeAsync();
    }
}
