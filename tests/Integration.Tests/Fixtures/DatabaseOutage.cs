using Npgsql;

namespace FitnessAssistant.IntegrationTests.Fixtures;

/// <summary>
/// One database of the shared PostgreSQL server (and of its replica, for the catalog) made unreachable and back, as a crashed database server would look
/// to its clients (new connections refused, open ones terminated), while the server stays up for the other tests.
/// </summary>
internal static class DatabaseOutage
{
    public static async Task SetReachableAsync(SystemFixture system, string database, bool reachable)
    {
        await using var connection = new NpgsqlConnection(system.Postgres);
        await connection.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE {database} ALLOW_CONNECTIONS {(reachable ? "true" : "false")}", connection))
        {
            await alter.ExecuteNonQueryAsync();
        }
        if (!reachable)
        {
            await TerminateAsync(connection, database);
            if (database == CatalogDatabase)
            {
                // The catalog's streaming replica replays the ALTER; once it has, its open connections go too, so the
                // whole catalog is down, not only its primary.
                await using var replica = new NpgsqlConnection(await system.ConnectionStringAsync(SystemFixture.Replica) + ";Database=postgres");
                await replica.OpenAsync();
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (await AllowsConnectionsAsync(replica, database))
                {
                    DateTime.UtcNow.Should().BeBefore(deadline, "the replica replays the primary's ALTER DATABASE");
                    await Task.Delay(50);
                }
                await TerminateAsync(replica, database);
            }
            // This test process's own pooled connections to it were terminated too: later tests must not draw them.
            NpgsqlConnection.ClearAllPools();
        }
    }

    private const string CatalogDatabase = "catalogdb";

    private static async Task TerminateAsync(NpgsqlConnection server, string database)
    {
        await using var terminate = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", server);
        terminate.Parameters.Add(new NpgsqlParameter { Value = database });
        await terminate.ExecuteScalarAsync();
    }

    private static async Task<bool> AllowsConnectionsAsync(NpgsqlConnection server, string database)
    {
        await using var query = new NpgsqlCommand("SELECT datallowconn FROM pg_database WHERE datname = $1", server);
        query.Parameters.Add(new NpgsqlParameter { Value = database });
        return (bool)(await query.ExecuteScalarAsync())!;
    }
}
