using System.Text.Json;
using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.AppHost.Prometheus;

/// <summary>
/// Prometheus (Debian's package) with the repository's configuration and alert rules (<c>AppHost/prometheus/</c>,
/// copied into the state directory on every start so edits apply) and scrape targets generated for this run's
/// services: a file-based service discovery file, since every port is chosen at start-up.
/// </summary>
public sealed class PrometheusServer(string name, string stateRoot, int port, IReadOnlyList<ScrapeTarget> targets) : ServerResource(name, stateRoot)
{
    public const string Executable = "/usr/bin/prometheus";
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    /// <summary>The shipped configuration: prometheus.yml and the alert rules it loads.</summary>
    public static string ConfigurationSource => Path.Combine(AppContext.BaseDirectory, "prometheus");

    public static bool IsInstalled => File.Exists(Executable);

    public Uri HttpEndpoint { get; } = new($"http://127.0.0.1:{port}");

    public override string ConnectionString => HttpEndpoint.ToString();

    public string ConfigurationDirectory => Path.Combine(StateDirectory, "config");

    protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.Combine(ConfigurationDirectory, "targets"));
        foreach (var file in new[] { "prometheus.yml", "alerts.yml" })
        {
            File.Copy(Path.Combine(ConfigurationSource, file), Path.Combine(ConfigurationDirectory, file), overwrite: true);
        }
        foreach (var job in targets.GroupBy(target => target.Job))
        {
            var groups = job.Select(target => new { targets = new[] { target.Address }, labels = target.Labels });
            // Written whole then renamed: Prometheus watches these files and must never read half of one.
            var path = Path.Combine(ConfigurationDirectory, "targets", job.Key + ".json");
            await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(groups), cancellationToken);
            File.Move(path + ".tmp", path, overwrite: true);
        }

        await LaunchAsync("prometheus", new ProcessSpec(Executable,
        [
            $"--config.file={Path.Combine(ConfigurationDirectory, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(StateDirectory, "data")}",
            "--storage.tsdb.retention.time=7d",
            $"--web.listen-address=127.0.0.1:{port}",
            "--log.level=warn",
        ])
        {
            WorkingDirectory = ConfigurationDirectory,
            StopTimeout = TimeSpan.FromSeconds(10),
        }, cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(HttpEndpoint, "/-/ready"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
