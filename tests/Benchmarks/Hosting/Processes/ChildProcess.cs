using System.Diagnostics;
using System.Globalization;

namespace FitnessAssistant.Hosting.Processes;

/// <summary>
/// A server or service process that cannot outlive its parent.
/// </summary>
/// <remarks>
/// The program runs under a small bash watchdog in its own session (so a terminal's Ctrl+C reaches only the
/// parent, which then stops children in order). The watchdog holds the read end of a pipe whose write end only the
/// parent has: when the parent closes it, exits or is killed (even SIGKILL), the watchdog sees end-of-file, sends the
/// program its stop signal and, after the grace period, SIGKILL. A pid file (pid and kernel start time) lets the next
/// run find and stop a leftover whose watchdog was killed too.
/// </remarks>
public sealed class ChildProcess : IAsyncDisposable
{
    private const string Watchdog = """
        sig=$1; grace=$2; log=$3; shift 3
        exec 3<&0
        "$@" </dev/null >>"$log" 2>&1 &
        child=$!
        echo "$child"
        { while read -r -u 3 _; do :; done
          kill -"$sig" "$child" 2>/dev/null
          for ((i = 0; i < grace * 10; i++)); do kill -0 "$child" 2>/dev/null || exit 0; sleep 0.1; done
          kill -KILL "$child" 2>/dev/null; } &
        guard=$!
        wait "$child"; rc=$?
        kill "$guard" 2>/dev/null
        exit $rc
        """;

    private readonly Process _watchdog;
    private readonly string _pidFile;
    private readonly TimeSpan _stopTimeout;

    private ChildProcess(string name, Process watchdog, int pid, string logFile, string pidFile, TimeSpan stopTimeout)
    {
        Name = name;
        _watchdog = watchdog;
        Pid = pid;
        LogFile = logFile;
        _pidFile = pidFile;
        _stopTimeout = stopTimeout;
    }

    public string Name { get; }

    public int Pid { get; }

    public string LogFile { get; }

    public bool HasExited => _watchdog.HasExited;

    /// <summary>The program's exit code, once it has exited.</summary>
    public int? ExitCode => _watchdog.HasExited ? _watchdog.ExitCode : null;

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _watchdog.WaitForExitAsync(cancellationToken);

    public static async Task<ChildProcess> StartAsync(
        string name, ProcessSpec spec, string logFile, string pidFile, CancellationToken cancellationToken = default)
    {
        StopLeftover(pidFile, spec.StopSignal, spec.StopTimeout);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);

        var start = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Directory.GetCurrentDirectory(),
        };
        foreach (var argument in (string[])["bash", "-c", Watchdog, "watchdog",
                     spec.StopSignal.ToString(CultureInfo.InvariantCulture),
                     ((int)Math.Ceiling(spec.StopTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                     logFile])
        {
            start.ArgumentList.Add(argument);
        }
        if (spec.RunAsUser is not null && Posix.IsRoot)
        {
            foreach (var argument in (string[])["setpriv", $"--reuid={spec.RunAsUser}", $"--regid={spec.RunAsUser}", "--init-groups", "--"])
            {
                start.ArgumentList.Add(argument);
            }
        }
        start.ArgumentList.Add(spec.Executable);
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        var watchdog = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var firstLine = await watchdog.StandardOutput.ReadLineAsync(cancellationToken);
        if (!int.TryParse(firstLine, CultureInfo.InvariantCulture, out var pid))
        {
            throw new InvalidOperationException($"The watchdog of {name} did not report a pid (got '{firstLine}').");
        }
        await File.WriteAllTextAsync(pidFile, $"{pid} {Posix.StartTime(pid)}\n", cancellationToken);
        return new ChildProcess(name, watchdog, pid, logFile, pidFile, spec.StopTimeout);
    }

    /// <summary>Asks the program to stop (its stop signal, then SIGKILL after the grace period) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (!_watchdog.HasExited)
        {
            _watchdog.StandardInput.Close();
            using var timeout = new CancellationTokenSource(_stopTimeout + TimeSpan.FromSeconds(5));
            try
            {
                await _watchdog.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Posix.Signal(Pid, Posix.SigKill);
                Posix.Signal(_watchdog.Id, Posix.SigKill);
                await _watchdog.WaitForExitAsync();
            }
        }
        File.Delete(_pidFile);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _watchdog.Dispose();
    }

    /// <summary>Stops a process left by an earlier run that was killed, if the pid file still names it.</summary>
    public static void StopLeftover(string pidFile, int stopSignal, TimeSpan stopTimeout)
    {
        if (!File.Exists(pidFile))
        {
            return;
        }
        var parts = File.ReadAllText(pidFile).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], out var pid) && long.TryParse(parts[1], out var startTime)
            && Posix.StartTime(pid) == startTime)
        {
            Posix.Signal(pid, stopSignal);
            var deadline = DateTime.UtcNow + stopTimeout;
            while (Posix.IsAlive(pid) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
            if (Posix.IsAlive(pid))
            {
                Posix.Signal(pid, Posix.SigKill);
            }
        }
        File.Delete(pidFile);
    }
}
