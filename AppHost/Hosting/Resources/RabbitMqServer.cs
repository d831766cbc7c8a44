using FitnessAssistant.Hosting.Processes;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>
/// RabbitMQ 3.10 (Debian) run as root without systemd: its own epmd, Erlang cookie (private HOME) and ports.
/// </summary>
public sealed class RabbitMqServer(string name, string stateRoot) : ServerResource(name, stateRoot)
{
    /// <summary>
    /// Connections opening and closing normally are logged at info (three lines per connection, so per readiness
    /// probe); the connection log keeps warnings and errors, such as a client that vanished.
    /// </summary>
    public const string RabbitMqConfig =
        "loopback_users.guest = true\ndisk_free_limit.absolute = 50MB\nlog.console = true\nlog.file = false\nlog.connection.level = warning\n";

    public int Port { get; } = FreePort.Next();

    public override string ConnectionString => $"amqp://guest:guest@127.0.0.1:{Port}/";

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var home = Path.Combine(StateDirectory, "home");
        var config = Path.Combine(StateDirectory, "config");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(config);
        await File.WriteAllTextAsync(Path.Combine(config, "rabbitmq.conf"),
            RabbitMqConfig, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(config, "enabled_plugins"), "[].\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(config, "rabbitmq-env.conf"), "", cancellationToken);

        var epmdPort = FreePort.Next();
        var distributionPort = FreePort.Next();
        await LaunchAsync("epmd", new ProcessSpec("/usr/bin/epmd", ["-port", epmdPort.ToString(), "-address", "127.0.0.1"])
        {
            Environment = new Dictionary<string, string> { ["HOME"] = home },
        }, cancellationToken);

        await LaunchAsync("rabbitmq", new ProcessSpec("/usr/lib/rabbitmq/bin/rabbitmq-server", [])
        {
            // A stable node name keeps the same Mnesia directory, so durable queues survive a restart.
            Environment = new Dictionary<string, string>
            {
                ["HOME"] = home,
                ["RABBITMQ_NODENAME"] = $"fitness-{Name}@localhost",
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = Port.ToString(),
                ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
                ["ERL_EPMD_PORT"] = epmdPort.ToString(),
                ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_MNESIA_BASE"] = Path.Combine(StateDirectory, "mnesia"),
                ["RABBITMQ_LOG_BASE"] = LogDirectory,
                ["RABBITMQ_CONFIG_FILE"] = Path.Combine(config, "rabbitmq.conf"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(config, "enabled_plugins"),
                ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(config, "rabbitmq-env.conf"),
            },
            StopTimeout = TimeSpan.FromSeconds(20),
            WorkingDirectory = StateDirectory,
        }, cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
        => await AmqpProbe.ProblemAsync(ConnectionString, cancellationToken) is null;
}
