using System.Text;
using FitnessAssistant.Hosting.Processes;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>Redis 7 as a cache: in memory only, nothing written to disk.</summary>
public sealed class RedisServer(string name, string stateRoot) : ServerResource(name, stateRoot)
{
    public int Port { get; } = FreePort.Next();

    /// <summary>StackExchange.Redis configuration string.</summary>
    public override string ConnectionString => $"127.0.0.1:{Port}";

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        await LaunchAsync("redis", new ProcessSpec("/usr/bin/redis-server",
        [
            "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", StateDirectory, "--daemonize", "no", "--maxmemory", "256mb", "--maxmemory-policy", "allkeys-lru",
        ]), cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var answer = await TcpProbe.ExchangeAsync(Port, TcpProbe.Ascii("PING\r\n"), 7, cancellationToken);
        return answer is not null && Encoding.ASCII.GetString(answer) == "+PONG\r\n";
    }
}
