using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using FitnessAssistant.Hosting;
using FitnessAssistant.Hosting.Processes;
using Microsoft.Playwright;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>
/// The AppHost run as a real process, as <c>bash eng/run.sh</c> runs it (its own state directory, free ports), and a
/// headless Chromium (Debian's) to look at its dashboard. Stopping it with SIGTERM must leave no process behind:
/// the fixture checks every pid the dashboard reported.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public const string StateRoot = "/tmp/fitnessassistant-tests/apphost";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private static readonly string[] ChromiumArguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private ChildProcess? _appHost;
    private IPlaywright? _playwright;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri Dashboard { get; private set; } = null!;

    public Uri Gateway { get; private set; } = null!;

    public string ApiKey { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public string LogFile { get; private set; } = "";

    public async Task InitializeAsync()
    {
        // A state directory no live run holds, emptied (and any leftover of a killed run stopped), then released
        // for the AppHost, which takes its own lock on it.
        string stateDirectory;
        await using (var slot = Infrastructure.CreateInFirstFree(StateRoot))
        {
            slot.ResetState();
            stateDirectory = slot.StateRoot;
        }
        LogFile = Path.Combine(stateDirectory, "apphost.log");
        File.Delete(LogFile);
        Dashboard = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var configuration = typeof(AppHostFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var assembly = Path.Combine(RepositoryLayout.Project("AppHost"), "bin", configuration, "net10.0", "AppHost.dll");
        _appHost = await ChildProcess.StartAsync("apphost", new ProcessSpec("dotnet", [assembly])
        {
            Environment = new Dictionary<string, string>
            {
                ["FA_STATE_DIR"] = stateDirectory,
                ["FA_DASHBOARD_PORT"] = Dashboard.Port.ToString(),
                ["FA_GATEWAY_PORT"] = "0",
                ["FA_PROMETHEUS_PORT"] = "0",
                ["DOTNET_NOLOGO"] = "1",
            },
            StopSignal = Posix.SigTerm,
            StopTimeout = TimeSpan.FromMinutes(2),
        }, LogFile, Path.Combine(stateDirectory, "apphost.pid"));

        await WaitUntilStartedAsync();
        var info = await Http.GetFromJsonAsync<JsonElement>(new Uri(Dashboard, "/api/info"));
        Gateway = new Uri(info.GetProperty("gateway").GetString()!);
        var gateway = (await ResourcesAsync()).Single(r => r.GetProperty("name").GetString() == "gateway");
        ApiKey = gateway.GetProperty("credentials").EnumerateArray()
            .First(c => c.GetProperty("label").GetString()!.Contains("X-Api-Key")).GetProperty("value").GetString()!;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    public async Task<IReadOnlyList<JsonElement>> ResourcesAsync()
        => [.. (await Http.GetFromJsonAsync<JsonElement>(new Uri(Dashboard, "/api/resources"))).EnumerateArray()];

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
        List<int> pids = [];
        if (!_appHost.HasExited)
        {
            pids = [.. (await ResourcesAsync()).SelectMany(r => r.GetProperty("pids").EnumerateArray().Select(p => p.GetInt32()))];
        }
        await _appHost.StopAsync();
        var survivors = pids.Where(Posix.IsAlive).ToList();
        if (survivors.Count > 0)
        {
            throw new InvalidOperationException(
                $"After SIGTERM the AppHost left processes running: {string.Join(", ", survivors)}.\n{LogTail()}");
        }
        if (_appHost.ExitCode != 0)
        {
            throw new InvalidOperationException($"The AppHost exited with code {_appHost.ExitCode} on SIGTERM.\n{LogTail()}");
        }
    }

    private async Task WaitUntilStartedAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_appHost!.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with code {_appHost.ExitCode} while starting.\n{LogTail()}");
            }
            try
            {
                var info = await Http.GetFromJsonAsync<JsonElement>(new Uri(Dashboard, "/api/info"));
                switch (info.GetProperty("startup").GetString())
                {
                    case "complete":
                        return;
                    case "failed":
                        throw new InvalidOperationException($"The AppHost could not start everything.\n{LogTail()}");
                }
            }
            catch (HttpRequestException)
            {
                // The dashboard is not listening yet.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"The AppHost did not start everything within {StartTimeout.TotalMinutes} minutes.\n{LogTail()}");
    }
}
