using System.Diagnostics;
using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>Migrations and the starter catalog on databases of their own, through the service's own commands.</summary>
[Collection(SystemCollection.Name)]
public sealed class MigrationTests(SystemFixture system)
{
    [Fact]
    public async Task Two_replicas_migrating_an_empty_database_at_once_apply_everything_once_and_a_rerun_changes_nothing()
    {
        var database = await CreateDatabaseAsync("catalog_migrations");

        var runs = await Task.WhenAll(MetadataCommand.RunAsync(database, "migrate"), MetadataCommand.RunAsync(database, "migrate"));
        runs.Should().AllSatisfy(run => run.ExitCode.Should().Be(0, run.Output));

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
        var rerun = await MetadataCommand.RunAsync(database, "migrate");
        rerun.ExitCode.Should().Be(0, rerun.Output);
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
        (await MetadataCommand.RunAsync(database, "migrate")).ExitCode.Should().Be(0);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await ScalarAsync<int>(connection, "UPDATE schema_migrations SET checksum = 'deadbeefdeadbeef' WHERE version = 1 RETURNING 1");
        }

        var run = await MetadataCommand.RunAsync(database, "migrate");
        run.ExitCode.Should().Be(1);
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

/// <summary>Runs <c>dotnet MetadataService.dll COMMAND</c> from the build output against a given catalog database.</summary>
internal static class MetadataCommand
{
    public static async Task<(int ExitCode, string Output, string Stdout)> RunAsync(string catalogDb, params string[] arguments)
    {
        var configuration = typeof(MetadataCommand).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().SingleOrDefault()?.Configuration ?? "Debug";
        var assembly = Path.Combine(RepositoryLayout.Project("MetadataService"), "bin", configuration, "net10.0", "MetadataService.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ConnectionStrings__catalogdb"] = catalogDb;
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"MetadataService {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }
        return (process.ExitCode, await stderr + await stdout, await stdout);
    }
}
