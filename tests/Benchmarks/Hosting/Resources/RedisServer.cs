using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.Hosting.Processes;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>Redis 7 as a cache: in memory only, nothing written to disk; clients authenticate (<see cref="RedisAccess"/>).</summary>
public sealed class RedisServer : ServerResource
{
    private readonly RedisAccess _access;

    public RedisServer(string name, string stateRoot) : base(name, stateRoot)
    {
        _access = RedisAccess.LoadOrCreate(StateDirectory);
    }

    public int Port { get; } = FreePort.Next();

    /// <summary>StackExchange.Redis configuration string.</summary>
    public override string ConnectionString => $"127.0.0.1:{Port},user={RedisAccess.User},password={_access.Password}";

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        // The password goes in a file only the owner can read: on the command line every local user would see it.
        var configuration = Path.Combine(StateDirectory, "redis.conf");
        SecretFile.Write(configuration, _access.AclConfiguration);
        await LaunchAsync("redis", new ProcessSpec("/usr/bin/redis-server",
        [
            configuration,
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", StateDirectory, "--daemonize", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru",
        ]), cancellationToken);
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => _access.AnswersPingAsync(Port, cancellationToken);
}
