using Npgsql;

namespace FitnessAssistant.IntegrationTests.Fixtures;

/// <summary>
/// One database of the shared PostgreSQL server made unreachable and back, as a crashed database server would look
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
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
            terminate.Parameters.Add(new NpgsqlParameter { Value = database });
            await terminate.ExecuteScalarAsync();
            // This test process's own pooled connections to it were terminated too: later tests must not draw them.
            NpgsqlConnection.ClearAllPools();
        }
    }
}
