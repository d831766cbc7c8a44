using System.Diagnostics;
using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// A hot-standby streaming replica of the fixture's PostgreSQL (pg_basebackup -R), for read-replica tests: it
/// replays the primary's WAL and serves read-only connections, exactly the deployment catalogdb-read describes.
/// </summary>
internal sealed class PostgresReplicaServer(string name, string stateRoot, PostgresServer primary) : ServerResource(name, stateRoot)
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    public int Port { get; } = FreePort.Next();

    private string Password => File.ReadAllText(Path.Combine(primary.StateDirectory, "password")).Trim();

    public override string ConnectionString => ConnectionStringFor("postgres");

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = Password,
        Database = database,
    }.ConnectionString;

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var data = Path.Combine(StateDirectory, "data");
        var socket = Path.Combine(StateDirectory, "socket");
        Directory.CreateDirectory(socket);
        if (Posix.IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", StateDirectory], asPostgres: false, cancellationToken);
        }
        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            await RunAsync(Path.Combine(BinDirectory, "pg_basebackup"),
                ["-h", "127.0.0.1", "-p", primary.Port.ToString(), "-U", "postgres", "-D", data, "-R", "-X", "stream", "--no-sync", "--checkpoint=fast"],
                asPostgres: true, cancellationToken);
        }
        await LaunchAsync("postgres", new ProcessSpec(Path.Combine(BinDirectory, "postgres"),
            ["-D", data, "-p", Port.ToString(), "-k", socket, "-c", "listen_addresses=127.0.0.1", "-c", "hot_standby=on", "-c", "fsync=off", "-c", "max_connections=300"])
        {
            RunAsUser = "postgres",
            StopSignal = Posix.SigInt,
            WorkingDirectory = StateDirectory,
        }, cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private async Task RunAsync(string executable, string[] arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asPostgres && Posix.IsRoot ? "setpriv" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && Posix.IsRoot)
        {
            foreach (var argument in (string[])["--reuid=postgres", "--regid=postgres", "--init-groups", "--", executable])
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["PGPASSWORD"] = Password;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} failed ({process.ExitCode}): {await error}");
        }
    }
}
