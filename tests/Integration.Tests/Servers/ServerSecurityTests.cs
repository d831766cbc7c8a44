using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace FitnessAssistant.IntegrationTests.Servers;

/// <summary>
/// What another local user can reach of the running servers: no file holding a secret is readable (checked by
/// really reading as <c>nobody</c>), Redis runs no command for a client that has not authenticated, RabbitMQ has no
/// <c>guest</c>, and no server listens beyond loopback.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed partial class ServerSecurityTests(SystemFixture system)
{
    [Fact]
    public async Task No_file_in_the_state_directory_that_holds_a_secret_is_readable_by_another_user()
    {
        await system.EnsureRunningAsync("gateway");
        var secrets = new[]
        {
            new NpgsqlConnectionStringBuilder(system.Postgres).Password!,
            new NpgsqlConnectionStringBuilder(system.CatalogDb).Password!,
            new NpgsqlConnectionStringBuilder(system.VectorDb).Password!,
            system.Redis.Split(',').Single(part => part.StartsWith("password=", StringComparison.Ordinal))["password=".Length..],
            system.GatewayCredentials.ApiKey,
            system.GatewayCredentials.SigningKey,
        };
        secrets.Should().OnlyContain(secret => secret.Length >= 16);

        var holders = Directory.EnumerateFiles(system.StateDirectory, "*", SearchOption.AllDirectories)
            .Where(file => new FileInfo(file) is { Length: < 4 << 20, LinkTarget: null })
            .Where(file => ContainsAny(file, secrets))
            .ToList();
        holders.Should().Contain(file => file.EndsWith("/password", StringComparison.Ordinal), "the scan finds the secret files it is meant to check");
        foreach (var file in holders)
        {
            (await ReadAsNobodyAsync(file)).Should().BeFalse($"{file} holds a secret");
        }
    }

    [Fact]
    public async Task Redis_refuses_a_command_from_a_client_that_has_not_authenticated()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", RedisPort());
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        Encoding.ASCII.GetString(buffer, 0, read).Should().StartWith("-NOAUTH");
    }

    [Fact]
    public async Task RabbitMQ_refuses_guest_and_accepts_its_generated_user()
    {
        var broker = new Uri(system.RabbitMq);
        await using (await new ConnectionFactory { Uri = broker }.CreateConnectionAsync())
        {
        }
        var guest = new ConnectionFactory { HostName = broker.Host, Port = broker.Port, UserName = "guest", Password = "guest" };
        await FluentActions.Awaiting(() => guest.CreateConnectionAsync()).Should().ThrowAsync<BrokerUnreachableException>()
            .Where(e => e.InnerException is AuthenticationFailureException);
    }

    [Fact]
    public async Task Every_server_listens_on_loopback_only()
    {
        await system.EnsureRunningAsync("gateway");
        var stateRoot = system.StateDirectory;
        var listeners = await ListenersAsync();
        // Redis rewrites its process title to its address, so it is known by its port instead.
        var redisPort = $":{RedisPort()}";
        var ours = listeners.Where(l => CommandLine(l.Pid).Contains(stateRoot, StringComparison.Ordinal) || l.Address.EndsWith(redisPort, StringComparison.Ordinal)).ToList();
        ours.Select(l => l.Process).Should().Contain(["postgres", "redis-server", "beam.smp"], "every server of the run is found");
        ours.Should().OnlyContain(l => l.Address.StartsWith("127.0.0.1:", StringComparison.Ordinal) || l.Address.StartsWith("[::1]:", StringComparison.Ordinal),
            "nothing of the run may be reachable from another machine");
    }

    private int RedisPort() => int.Parse(system.Redis.Split(',')[0].Split(':')[1], CultureInfo.InvariantCulture);

    private sealed record Listener(string Address, string Process, int Pid);

    private static bool ContainsAny(string file, string[] secrets)
    {
        try
        {
            var text = File.ReadAllText(file);
            return secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false; // a log rotated or a socket file
        }
    }

    private static async Task<bool> ReadAsNobodyAsync(string file)
    {
        using var cat = Process.Start(new ProcessStartInfo("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "cat", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await cat.StandardOutput.ReadToEndAsync();
        await cat.WaitForExitAsync();
        return cat.ExitCode == 0;
    }

    // ss -ltnpH: "LISTEN 0 128 127.0.0.1:5432 0.0.0.0:* users:(("postgres",pid=123,fd=5),("postgres",pid=124,fd=5))"
    private static async Task<List<Listener>> ListenersAsync()
    {
        using var ss = Process.Start(new ProcessStartInfo("ss", ["-ltnpH"]) { RedirectStandardOutput = true })!;
        var output = await ss.StandardOutput.ReadToEndAsync();
        await ss.WaitForExitAsync();
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6)
            .SelectMany(fields => ProcessPattern().Matches(fields[5])
                .Select(match => new Listener(fields[3], match.Groups[1].Value, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))))];
    }

    [GeneratedRegex("""\("([^"]+)",pid=(\d+)""")]
    private static partial Regex ProcessPattern();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
