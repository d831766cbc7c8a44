using System.Net;
using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Services;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// A metadata service with a real streaming replica as catalogdb-read. Replay on the replica is paused so that it
/// is provably behind: plain reads then show the old state (they are served by the replica), while a client that
/// echoes the X-Catalog-Lsn it got from its write sees its write (served by the primary). The replica lag gauge
/// follows: under a second while streaming, growing while paused, back under a second once resumed.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ReadReplicaTests(ServersFixture servers)
{
    private const string LagSeries = "fitness_metadata_replica_lag_seconds";

    [Fact]
    public async Task Reads_go_to_the_replica_and_a_client_that_just_wrote_reads_its_write()
    {
        var database = $"catalog_replica_{Guid.NewGuid():N}"[..32];
        await using (var admin = new NpgsqlConnection(servers.Postgres.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using var replica = new PostgresReplicaServer($"postgres-replica-{Guid.NewGuid():N}"[..24], servers.System.Infrastructure.StateRoot, servers.Postgres);
        await replica.StartAsync();
        var metadata = new ProjectResource("metadata", servers.System.Infrastructure.StateRoot, RepositoryLayout.Project("MetadataService"), "replica")
            .WithHttp2Endpoint("grpc")
            .WithEnvironment("ConnectionStrings__catalogdb", servers.Postgres.ConnectionStringFor(database))
            .WithEnvironment("ConnectionStrings__catalogdb-read", replica.ConnectionStringFor(database))
            .WithEnvironment("ReplicaLag__SampleInterval", "00:00:00.250");
        await metadata.StartAsync();
        try
        {
            // The writer keeps cookies (as a browser would); "other" is a different client without any token.
            using var http = new HttpClient { BaseAddress = metadata.HttpEndpoint };
            using var other = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = metadata.HttpEndpoint };
            var id = MetadataApi.UniqueId("replica");
            using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Replica Original")));
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            created.Headers.GetValues("X-Catalog-Lsn").Single().Should().MatchRegex("^[0-9A-F]+/[0-9A-F]+$");
            await EventuallyAsync(async () => (await other.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);
            await MetricsScrape.EventuallyAsync(metadata.HttpEndpoint, LagSeries, lag => lag < 1, TimeSpan.FromSeconds(20),
                "a streaming replica keeps up within a second");

            await PauseReplayAsync(replica, database);
            using var updated = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
                MetadataApi.Exercise(id, "Replica Updated"), ifMatch: created.Headers.ETag!.Tag));
            updated.StatusCode.Should().Be(HttpStatusCode.OK);
            var lsn = updated.Headers.GetValues("X-Catalog-Lsn").Single();

            (await NameAsync(other, id, token: null)).Should().Be("Replica Original", "a plain read is served by the paused replica");
            (await NameAsync(other, id, token: lsn)).Should().Be("Replica Updated", "a read carrying the write's position sees the write");
            (await NameAsync(http, id, token: null)).Should().Be("Replica Updated", "the writer's cookie carries the position too");
            (await NameAsync(other, id, token: "garbage")).Should().Be("Replica Updated", "an unreadable token falls back to the primary");

            // What ReplicaLagHigh reads: while replay is paused, the lag grows with the clock.
            var lag = await MetricsScrape.EventuallyAsync(metadata.HttpEndpoint, LagSeries, value => value >= 1, TimeSpan.FromSeconds(20),
                "the paused replica has not replayed the update");
            await Task.Delay(TimeSpan.FromSeconds(2));
            (await MetricsScrape.ValueAsync(metadata.HttpEndpoint, LagSeries)).Should().BeGreaterThanOrEqualTo(lag + 1.5);

            await ReplicaAsync(replica, database, "SELECT pg_wal_replay_resume()");
            await EventuallyAsync(async () => await NameAsync(other, id, token: null) == "Replica Updated");
            await MetricsScrape.EventuallyAsync(metadata.HttpEndpoint, LagSeries, value => value < 1, TimeSpan.FromSeconds(20),
                "the resumed replica caught up");
        }
        finally
        {
            await metadata.StopAsync();
        }
    }

    private static async Task<string> NameAsync(HttpClient http, string id, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exercises/{id}");
        if (token is not null)
        {
            request.Headers.Add("X-Catalog-Lsn", token);
        }
        using var response = await http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.ReadObjectAsync())["name"]!.GetValue<string>();
    }

    /// <summary>
    /// Pausing is only a request until the replica's startup process meets the next WAL record, so emit records on
    /// the primary until the replica reports it has really paused.
    /// </summary>
    private async Task PauseReplayAsync(PostgresReplicaServer replica, string database)
    {
        await ReplicaAsync(replica, database, "SELECT pg_wal_replay_pause()");
        await using var primary = new NpgsqlConnection(servers.Postgres.ConnectionStringFor(database));
        await primary.OpenAsync();
        await EventuallyAsync(async () =>
        {
            await using (var emit = new NpgsqlCommand("SELECT pg_logical_emit_message(false, 'replica-test', 'wake up')", primary))
            {
                await emit.ExecuteNonQueryAsync();
            }
            await using var connection = new NpgsqlConnection(replica.ConnectionStringFor(database));
            await connection.OpenAsync();
            await using var state = new NpgsqlCommand("SELECT pg_get_wal_replay_pause_state()", connection);
            return (string)(await state.ExecuteScalarAsync())! == "paused";
        });
    }

    private static async Task ReplicaAsync(PostgresReplicaServer replica, string database, string sql)
    {
        await using var connection = new NpgsqlConnection(replica.ConnectionStringFor(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the replica should catch up");
            await Task.Delay(100);
        }
    }
}
