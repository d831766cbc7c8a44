using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.AppHost.Configuration;

/// <summary>
/// The AppHost's settings: section <c>AppHost</c> (e.g. <c>AppHost__DashboardPort</c>), or the short environment
/// variables documented in docs/operations.md (<c>FA_STATE_DIR</c>, <c>FA_DASHBOARD_PORT</c>, ...). A port of 0 means
/// a free port chosen at start-up (tests use that to run beside a developer's AppHost).
/// </summary>
public sealed class AppHostOptions
{
    public const string Section = "AppHost";

    /// <summary>Where the servers keep their data, so the catalog and the index survive restarts.</summary>
    [Required]
    public string StateDirectory { get; set; } = "/var/lib/fitnessassistant/apphost";

    [Range(1, 8)]
    public int SearchReplicas { get; set; } = 2;

    /// <summary>The dashboard and the OTLP/HTTP receiver every service exports to.</summary>
    [Range(0, 65535)]
    public int DashboardPort { get; set; } = 18888;

    /// <summary>The public entry: the gateway's HTTP port.</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 8080;

    [Range(0, 65535)]
    public int PrometheusPort { get; set; } = 9090;

    /// <summary>Start Prometheus (when the binary is installed) with scrape targets for the running services.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>Print every resource's log to the console with a <c>[name]</c> prefix.</summary>
    public bool ConsoleLogs { get; set; } = true;
}
