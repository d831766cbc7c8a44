using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.Hosting;

/// <summary>
/// The backing servers of one run (the AppHost or a test run), all under one state directory that this instance
/// holds an exclusive lock on. Connection strings reach services as Aspire passes them: <c>ConnectionStrings__name</c>.
/// </summary>
public sealed class Infrastructure : IAsyncDisposable
{
    private readonly FileStream _lock;
    private readonly List<ServerResource> _resources = [];

    private Infrastructure(string stateRoot, FileStream stateLock)
    {
        StateRoot = stateRoot;
        _lock = stateLock;
    }

    public string StateRoot { get; }

    public IReadOnlyList<ServerResource> Resources => _resources;

    /// <summary>Takes the state directory, failing clearly if another live run holds it.</summary>
    public static Infrastructure Create(string stateRoot)
    {
        Directory.CreateDirectory(stateRoot);
        return new Infrastructure(stateRoot, LockStateDirectory(stateRoot)
            ?? throw new InvalidOperationException($"Another run is using the state directory {stateRoot}."));
    }

    /// <summary>Takes the first state directory among <c>{root}/0</c>, <c>{root}/1</c>, ... that no live run holds.</summary>
    public static Infrastructure CreateInFirstFree(string root, int candidates = 8)
    {
        for (var i = 0; i < candidates; i++)
        {
            var stateRoot = Path.Combine(root, i.ToString());
            Directory.CreateDirectory(stateRoot);
            if (LockStateDirectory(stateRoot) is { } stateLock)
            {
                return new Infrastructure(stateRoot, stateLock);
            }
        }
        throw new InvalidOperationException($"All {candidates} state directories under {root} are in use.");
    }

    /// <summary>
    /// Stops whatever a killed earlier run left here (found by its pid files) and deletes all state, for runs that
    /// must start from nothing (tests).
    /// </summary>
    public void ResetState()
    {
        foreach (var pidFile in Directory.EnumerateFiles(StateRoot, "*.pid", SearchOption.AllDirectories))
        {
            ChildProcess.StopLeftover(pidFile, Posix.SigTerm, TimeSpan.FromSeconds(15));
        }
        foreach (var directory in Directory.EnumerateDirectories(StateRoot))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public PostgresServer AddPostgres(string name, bool durable = true) => Add(new PostgresServer(name, StateRoot) { Durable = durable });

    public RedisServer AddRedis(string name) => Add(new RedisServer(name, StateRoot));

    public RabbitMqServer AddRabbitMq(string name) => Add(new RabbitMqServer(name, StateRoot));

    /// <summary>Starts every resource in parallel; if one fails, the others are stopped and the failure is thrown.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var starts = _resources.Select(resource => resource.StartAsync(cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            await StopAsync();
            var failures = starts.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
            throw failures.Count == 1 ? failures[0] : new AggregateException(failures);
        }
    }

    /// <summary>Connection strings by name: each Postgres database, and each other resource by its own name.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStrings
    {
        get
        {
            var result = new Dictionary<string, string>();
            foreach (var resource in _resources)
            {
                if (resource is PostgresServer postgres)
                {
                    foreach (var database in postgres.Databases)
                    {
                        result[database] = postgres.ConnectionStringFor(database);
                    }
                }
                result[resource.Name] = resource.ConnectionString;
            }
            return result;
        }
    }

    /// <summary>The environment variables that hand the connection strings to a service.</summary>
    public IReadOnlyDictionary<string, string> ConnectionStringEnvironment
        => ConnectionStrings.ToDictionary(pair => $"ConnectionStrings__{pair.Key}", pair => pair.Value);

    public async Task StopAsync()
    {
        await Task.WhenAll(_resources.Select(resource => resource.StopAsync()));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _lock.DisposeAsync();
    }

    private T Add<T>(T resource) where T : ServerResource
    {
        _resources.Add(resource);
        return resource;
    }

    private static FileStream? LockStateDirectory(string stateRoot)
    {
        try
        {
            // On Unix, FileShare.None is an advisory flock: the kernel releases it when the holder dies, however it dies.
            return new FileStream(Path.Combine(stateRoot, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
