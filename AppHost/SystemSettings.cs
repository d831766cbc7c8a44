using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.AppHost;

/// <summary>
/// How this AppHost run is laid out, from configuration (<c>FA_STATE_DIR</c>, <c>FA_GATEWAY_PORT</c>, ... as environment
/// variables or <c>--FA_STATE_DIR=...</c> arguments); docs/operations.md lists them. Checked before anything starts.
/// </summary>
public sealed record SystemSettings
{
    /// <summary>Where the servers keep their data, so the catalog and the index survive restarts.</summary>
    [Required]
    public required string StateDirectory { get; init; }

    /// <summary>Off for tests only: the database skips fsync.</summary>
    public bool Durable { get; init; } = true;

    [Range(1, 8)]
    public int SearchReplicas { get; init; } = 2;

    [Range(1, 8)]
    public int EmbeddingInstances { get; init; } = 2;

    /// <summary>RabbitMQ nodes: one by default (two cores), three for a cluster whose quorum queues survive a node's loss.</summary>
    [Range(1, 7)]
    public int EventBusNodes { get; init; } = 1;

    /// <summary>The gateway's public port; null lets Aspire choose one (tests).</summary>
    [Range(1, 65535)]
    public int? GatewayPort { get; init; }

    /// <summary>Start Prometheus with the project's alert rules (needs Debian's prometheus package).</summary>
    public bool Prometheus { get; init; } = true;

    /// <summary>The AppHost's own Prometheus endpoint (resource states, restarts, disk); null picks a free port.</summary>
    [Range(1, 65535)]
    public int? MetricsPort { get; init; }

    /// <summary>Copy every resource's output to the console, prefixed with its name.</summary>
    public bool ConsoleLogs { get; init; }
}
