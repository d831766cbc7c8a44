using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>Migrations and the starter catalog on databases of their own, applied by metadata service processes as they start.</summary>
[Collection(SystemCollection.Name)]
public sealed class MigrationTests(SystemFixture system)
{
    [Fact]
    public async Task Two_replicas_migrating_an_empty_database_at_once_apply_everything_once_and_a_rerun_changes_nothing()
    {
        var database = await CreateDatabaseAsync("catalog_migrations");

        var runs = await Task.WhenAll(MetadataProcess.StartAndStopAsync(system, database), MetadataProcess.StartAndStopAsync(system, database));
        runs.Should().AllSatisfy(run => run.Started.Should().BeTrue(run.Output));

        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var migrations = await ScalarAsync<long>(connection, "SELECT count(*) FROM schema_migrations");
        var shipped = Directory.GetFiles(Path.Combine(RepositoryLayout.Project("MetadataService"), "Data", "Migrations", "Scripts"), "*.sql").Length;
        migrations.Should().Be(shipped);
        var exercises = await ScalarAsync<long>(connection, "SELECT count(*) FROM exercises");
        exercises.Should().BeGreaterThanOrEqualTo(150, "the starter catalog is loaded on first start");
        (await ScalarAsync<long>(connection, "SELECT count(*) FROM outbox")).Should().Be(exercises, "each starter exercise has exactly one event");
        (await ScalarAsync<long>(connection, "SELECT count(*) FROM catalog_seeds")).Should().Be(1);
        (await ScalarAsync<long>(connection, "SELECT count(*) FROM vocabulary_terms WHERE kind = 'muscle'")).Should().Be(17);
        const string CoreQueries = "SELECT count(*) FROM judged_queries q JOIN judged_sets s ON s.id = q.set_id WHERE s.slug = 'core'";
        var coreQueries = await ScalarAsync<long>(connection, CoreQueries);
        coreQueries.Should().BeGreaterThanOrEqualTo(30, "the shipped judged set is loaded once, whichever replica came first");
        (await ScalarAsync<long>(connection, "SELECT count(*) FROM judged_sets")).Should().Be(1);
        var appliedAt = await ScalarAsync<DateTime>(connection, "SELECT max(applied_at) FROM schema_migrations");

        // A deleted starter exercise stays deleted across restarts; the shipped judged set comes back.
        await ScalarAsync<int>(connection, "DELETE FROM exercises WHERE slug = 'Pushups' RETURNING 1");
        await ScalarAsync<int>(connection, "DELETE FROM judged_sets WHERE slug = 'core' RETURNING 1");
        var rerun = await MetadataProcess.StartAndStopAsync(system, database);
        rerun.Started.Should().BeTrue(rerun.Output);
        rerun.Output.Should().Contain("0 applied now");
        (await ScalarAsync<long>(connection, "SELECT count(*) FROM schema_migrations")).Should().Be(shipped);
        (await ScalarAsync<DateTime>(connection, "SELECT max(applied_at) FROM schema_migrations")).Should().Be(appliedAt);
        (await ScalarAsync<long>(connection, "SELECT count(*) FROM exercises")).Should().Be(exercises - 1);
        (await ScalarAsync<long>(connection, CoreQueries)).Should().Be(coreQueries);
    }

    [Fact]
    public async Task A_changed_applied_script_stops_the_service_with_a_clear_message()
    {
        var database = await CreateDatabaseAsync("catalog_tampered");
        var first = await MetadataProcess.StartAndStopAsync(system, database);
        first.Started.Should().BeTrue(first.Output);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await ScalarAsync<int>(connection, "UPDATE schema_migrations SET checksum = 'deadbeefdeadbeef' WHERE version = 1 RETURNING 1");
        }

        var run = await MetadataProcess.StartAndStopAsync(system, database);
        run.Started.Should().BeFalse(run.Output);
        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("was changed after it was applied");
    }

    private async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using var admin = new NpgsqlConnection(system.Postgres);
        await admin.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin))
        {
            await create.ExecuteNonQueryAsync();
        }
        return system.PostgresFor(name);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
