using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
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

    private Process? _appHost;
    private StreamWriter? _log;
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
        // A state directory no live run holds, emptied, then released: the AppHost takes it over.
        using (var slot = StateSlot.TakeFirstFree(StateRoot))
        {
            StateDirectory = slot.Directory;
        }
        LogFile = Path.Combine(StateDirectory, "apphost.log");
        Dashboard = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var configuration = typeof(AppHostFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var assembly = Path.Combine(RepositoryLayout.Project("AppHost"), "bin", configuration, "net10.0", "AppHost.dll");
        var start = new ProcessStartInfo("dotnet", [assembly])
        {
            WorkingDirectory = RepositoryLayout.Project("AppHost"),
            // Its own stdin, kept open: the AppHost must not see the test host's.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in new Dictionary<string, string>
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
        })
        {
            start.Environment[name] = value;
        }
        _log = new StreamWriter(LogFile) { AutoFlush = true };
        _appHost = Process.Start(start)!;
        _appHost.OutputDataReceived += (_, line) => Log(line.Data);
        _appHost.ErrorDataReceived += (_, line) => Log(line.Data);
        _appHost.BeginOutputReadLine();
        _appHost.BeginErrorReadLine();

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
    {
        if (!File.Exists(LogFile))
        {
            return "(no log)";
        }
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return string.Join('\n', new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(lines));
    }

    private void Log(string? line)
    {
        if (line is not null && _log is { } log)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

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
        Posix.Signal(_appHost.Id, Posix.SigTerm);
        using (var grace = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            try
            {
                await _appHost.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _appHost.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"The AppHost did not exit within a minute of SIGTERM.\n{LogTail()}");
            }
        }
        _appHost.WaitForExit(); // the output handlers have drained
        var exitCode = _appHost.ExitCode;
        _appHost.Dispose();
        await _log!.DisposeAsync();
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The AppHost exited with code {exitCode} on SIGTERM.\n{LogTail()}");
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
            var match = pattern.Match(LogTail(int.MaxValue));
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
