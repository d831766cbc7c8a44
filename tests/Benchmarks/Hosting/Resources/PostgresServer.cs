using System.Diagnostics;
using System.Security.Cryptography;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.Hosting.Processes;
using Npgsql;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>PostgreSQL 15 (Debian's binaries, pgvector installed by eng/install-prerequisites.sh).</summary>
public sealed class PostgresServer : ServerResource
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string SystemUser = "postgres";
    private readonly List<string> _databases = [];
    private readonly string _password;

    public PostgresServer(string name, string stateRoot) : base(name, stateRoot)
    {
        Directory.CreateDirectory(StateDirectory);
        _password = SecretFile.ReadOrCreate(PasswordFile, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
    }

    public int Port { get; } = FreePort.Next();

    private string PasswordFile => Path.Combine(StateDirectory, "password");

    /// <summary>Off for tests: no fsync, so a run is fast; data still survives a clean stop.</summary>
    public bool Durable { get; init; } = true;

    public IReadOnlyList<string> Databases => _databases;

    public override string ConnectionString => Build("postgres");

    /// <summary>Adds a database created on start (if missing); its connection string is named after it.</summary>
    public PostgresServer WithDatabase(string database)
    {
        _databases.Add(database);
        return this;
    }

    public string ConnectionStringFor(string database) => Build(database);

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(StateDirectory, "data");
        var socketDirectory = Path.Combine(StateDirectory, "socket");
        Directory.CreateDirectory(socketDirectory);
        await GiveToSystemUserAsync(cancellationToken);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true); // an initdb that was interrupted
            }
            await RunToCompletionAsync(Path.Combine(BinDirectory, "initdb"),
                ["-D", dataDirectory, "-U", "postgres", "--pwfile", PasswordFile, "--auth=scram-sha-256",
                 "-E", "UTF8", "--no-locale", "--no-sync"], cancellationToken);
        }

        List<string> arguments =
        [
            "-D", dataDirectory, "-p", Port.ToString(), "-k", socketDirectory,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "shared_buffers=256MB",
            // Searches cancel statements past their deadline by design: each cancel is one line, not the SQL too.
            "-c", "log_min_error_statement=panic",
        ];
        if (!Durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        await LaunchAsync("postgres", new ProcessSpec(Path.Combine(BinDirectory, "postgres"), arguments)
        {
            RunAsUser = SystemUser,
            StopSignal = Posix.SigInt, // "fast" shutdown: SIGTERM would wait for every client to disconnect
            WorkingDirectory = StateDirectory,
        }, cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(Build("postgres", pooling: false));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException ex) when (ex is not PostgresException || ((PostgresException)ex).SqlState == PostgresErrorCodes.CannotConnectNow)
        {
            return false; // not listening yet, or still starting up
        }
    }

    protected override async Task AfterReadyAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Build("postgres", pooling: false));
        await connection.OpenAsync(cancellationToken);
        foreach (var database in _databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.AddWithValue(database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    private string Build(string database, bool pooling = true) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = _password,
        Database = database,
        Pooling = pooling,
    }.ConnectionString;

    private async Task GiveToSystemUserAsync(CancellationToken cancellationToken)
    {
        if (Posix.IsRoot)
        {
            // initdb refuses root, so the cluster belongs to the postgres system user.
            await RunToCompletionAsync("chown", ["-R", $"{SystemUser}:{SystemUser}", StateDirectory], cancellationToken, asSystemUser: false);
        }
    }

    private static async Task RunToCompletionAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool asSystemUser = true)
    {
        var start = new ProcessStartInfo(asSystemUser && Posix.IsRoot ? "setpriv" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asSystemUser && Posix.IsRoot)
        {
            foreach (var argument in (string[])[$"--reuid={SystemUser}", $"--regid={SystemUser}", "--init-groups", "--", executable])
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
