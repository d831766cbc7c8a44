using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.AppHost.LocalServers;
using FitnessAssistant.Hosting.Processes;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>
/// RabbitMQ 3.10 (Debian) run as root without systemd: its own epmd, Erlang cookie (private HOME) and ports; no
/// <c>guest</c>, one user with a generated password (<see cref="RabbitMqAccess"/>).
/// </summary>
public sealed class RabbitMqServer : ServerResource
{
    private readonly RabbitMqAccess _access;

    public RabbitMqServer(string name, string stateRoot) : base(name, stateRoot)
    {
        _access = RabbitMqAccess.LoadOrCreate(StateDirectory);
    }

    public int Port { get; } = FreePort.Next();

    public override string ConnectionString => _access.ConnectionString($"127.0.0.1:{Port}");

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        var home = Path.Combine(StateDirectory, "home");
        var config = Path.Combine(StateDirectory, "config");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(config);
        SecretFile.Write(Path.Combine(config, "rabbitmq.conf"), _access.Configuration());
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
                // The Erlang distribution listener (rabbitmqctl, cluster peers) binds all interfaces unless told.
                ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
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
