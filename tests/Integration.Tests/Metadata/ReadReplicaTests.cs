using System.Net;
using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// A metadata service with a real streaming replica as catalogdb-read. Replay on the replica is paused so that it
/// is provably behind: plain reads then show the old state (they are served by the replica), while a client that
/// echoes the X-Catalog-Lsn it got from its write sees its write (served by the primary).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ReadReplicaTests(ServersFixture servers)
{
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
            .WithEnvironment("ConnectionStrings__catalogdb-read", replica.ConnectionStringFor(database));
        await metadata.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = metadata.HttpEndpoint };
            var id = MetadataApi.UniqueId("replica");
            using var created = await http.PostAsync("/api/v1/admin/exercises", MetadataApi.Json(MetadataApi.Exercise(id, "Replica Original")));
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            created.Headers.GetValues("X-Catalog-Lsn").Single().Should().MatchRegex("^[0-9A-F]+/[0-9A-F]+$");
            await EventuallyAsync(async () => (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode == HttpStatusCode.OK);

            await ReplicaAsync(replica, database, "SELECT pg_wal_replay_pause()");
            using var updated = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"/api/v1/admin/exercises/{id}",
                MetadataApi.Exercise(id, "Replica Updated"), ifMatch: created.Headers.ETag!.Tag));
            updated.StatusCode.Should().Be(HttpStatusCode.OK);
            var lsn = updated.Headers.GetValues("X-Catalog-Lsn").Single();

            (await NameAsync(http, id, token: null)).Should().Be("Replica Original", "a plain read is served by the paused replica");
            (await NameAsync(http, id, token: lsn)).Should().Be("Replica Updated", "the writer's own read waits for nothing and sees its write");
            (await NameAsync(http, id, token: "garbage")).Should().Be("Replica Updated", "an unreadable token falls back to the primary");

            await ReplicaAsync(replica, database, "SELECT pg_wal_replay_resume()");
            await EventuallyAsync(async () => await NameAsync(http, id, token: null) == "Replica Updated");
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
