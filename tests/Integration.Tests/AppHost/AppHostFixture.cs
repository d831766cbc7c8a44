using System.Reflection;
using System.Text.RegularExpressions;
using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Processes;
using Microsoft.Playwright;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>
/// The AppHost run as a real process, as <c>bash eng/run.sh</c> runs it (Aspire's orchestrator and dashboard, its own
/// state directory, free ports), and a headless Chromium (Debian's) to look at the Aspire dashboard. Stopping it with
/// SIGTERM must leave no process of the run behind.
/// </summary>
public sealed partial class AppHostFixture : IAsyncLifetime
{
    public const string StateRoot = "/tmp/fitnessassistant-tests/apphost";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private ChildProcess? _appHost;
    private IPlaywright? _playwright;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Dashboard { get; private set; } = null!;

    /// <summary>The dashboard's one-time login link (Aspire's browser token), as the AppHost prints it.</summary>
    public Uri DashboardLogin { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public string ApiKey { get; private set; } = "";

    public string StateDirectory { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public string LogFile { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // A state directory no live run holds, emptied (and any leftover of a killed run stopped), then released.
        await using (var slot = Infrastructure.CreateInFirstFree(StateRoot))
        {
            slot.ResetState();
            StateDirectory = slot.StateRoot;
        }
        LogFile = Path.Combine(StateDirectory, "apphost.log");
        File.Delete(LogFile);
        Dashboard = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var configuration = typeof(AppHostFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var assembly = Path.Combine(RepositoryLayout.Project("AppHost"), "bin", configuration, "net10.0", "AppHost.dll");
        _appHost = await ChildProcess.StartAsync("apphost", new ProcessSpec("dotnet", [assembly])
        {
            Environment = new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["FA_STATE_DIR"] = StateDirectory,
                ["FA_GATEWAY_PORT"] = FreePort.Next().ToString(),
                // The dashboard as eng/run.sh starts it (AppHost/Properties/launchSettings.json), on free ports.
                ["ASPNETCORE_URLS"] = Dashboard.ToString(),
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_NOLOGO"] = "1",
            },
            WorkingDirectory = RepositoryLayout.Project("AppHost"),
            StopSignal = Posix.SigTerm,
            StopTimeout = TimeSpan.FromMinutes(1),
        }, LogFile, Path.Combine(StateDirectory, "apphost.pid"));

        var ready = await WaitForLogAsync(GatewayReady());
        Gateway = new Uri(ready.Groups["gateway"].Value);
        ApiKey = ready.Groups["key"].Value;
        DashboardLogin = new Uri((await WaitForLogAsync(LoginLink())).Groups["url"].Value);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    /// <summary>A page logged in to the dashboard with the printed token.</summary>
    public async Task<IPage> DashboardPageAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        await page.GotoAsync(DashboardLogin.ToString());
        return page;
    }

    /// <summary>The pid of the service's own process (not the <c>dotnet run</c> that Aspire starts it through).</summary>
    public int ServicePid(string service)
    {
        foreach (var pid in ProcessesOfThisRun())
        {
            try
            {
                var environment = File.ReadAllText($"/proc/{pid}/environ").Split('\0');
                var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
                if (environment.Contains($"OTEL_SERVICE_NAME={service}") && !commandLine.StartsWith("dotnet run", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // gone while being read
            }
        }
        throw new InvalidOperationException($"No running process of {service} in this AppHost run.\n{LogTail()}");
    }

    public string LogTail(int lines = 60)
        => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_appHost is null)
        {
            return;
        }
        await _appHost.StopAsync();
        if (_appHost.ExitCode != 0)
        {
            throw new InvalidOperationException($"The AppHost exited with code {_appHost.ExitCode} on SIGTERM.\n{LogTail()}");
        }
        // Aspire's orchestrator finishes stopping the resources after the AppHost itself has exited.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (ProcessesOfThisRun().ToList() is { Count: > 0 } survivors)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"A minute after SIGTERM the AppHost's run left processes: {string.Join(", ", survivors)}.\n{LogTail()}");
            }
            await Task.Delay(500);
        }
    }

    /// <summary>The pid of every process that works in this run's state directory (services by environment, servers by arguments).</summary>
    private IEnumerable<int> ProcessesOfThisRun()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            string environment, commandLine;
            try
            {
                environment = File.ReadAllText(Path.Combine(directory, "environ"));
                commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // gone while being read
            }
            if (environment.Contains($"FA_STATE_DIR={StateDirectory}\0", StringComparison.Ordinal) || commandLine.Contains(StateDirectory, StringComparison.Ordinal))
            {
                yield return int.Parse(Path.GetFileName(directory));
            }
        }
    }

    private async Task<Match> WaitForLogAsync(Regex pattern)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_appHost!.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_appHost.ExitCode} while starting.\n{LogTail()}");
            }
            var match = File.Exists(LogFile) ? pattern.Match(await File.ReadAllTextAsync(LogFile)) : Match.Empty;
            if (match.Success)
            {
                return match;
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"The AppHost did not log /{pattern}/ within {StartTimeout.TotalMinutes} minutes.\n{LogTail()}");
    }

    [GeneratedRegex(@"Gateway ready at (?<gateway>http://\S+) .*X-Api-Key\): (?<key>\S+)")]
    private static partial Regex GatewayReady();

    [GeneratedRegex(@"Login to the dashboard at (?<url>http://\S+)")]
    private static partial Regex LoginLink();
}
