using FitnessAssistant.Hosting.Processes;

namespace FitnessAssistant.Hosting.Resources;

/// <summary>
/// A backing server (database, cache, broker) run as supervised child processes under its own state directory.
/// </summary>
public abstract class ServerResource(string name, string stateRoot) : IAsyncDisposable
{
    private readonly List<ChildProcess> _processes = [];
    private readonly Dictionary<string, long> _logFiles = [];

    public string Name { get; } = name;

    public string StateDirectory { get; } = Path.Combine(stateRoot, name);

    public string LogDirectory => Path.Combine(StateDirectory, "log");

    public IReadOnlyList<ChildProcess> Processes => _processes;

    public bool IsRunning => _processes.Count > 0 && _processes.All(p => !p.HasExited);

    /// <summary>
    /// Each process's log file, with the offset where this instance's first launch began writing to it (log files
    /// are appended to across runs and restarts), so a follower shows this run's output and nothing older.
    /// </summary>
    public IReadOnlyDictionary<string, long> LogFiles
    {
        get
        {
            lock (_logFiles)
            {
                return new Dictionary<string, long>(_logFiles);
            }
        }
    }

    /// <summary>The connection string clients use, valid once <see cref="StartAsync"/> has returned.</summary>
    public abstract string ConnectionString { get; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(LogDirectory);
        try
        {
            await StartProcessesAsync(cancellationToken);
            await WaitUntilReadyAsync(cancellationToken);
            await AfterReadyAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not ResourceStartException && !cancellationToken.IsCancellationRequested)
        {
            var tail = LogTail();
            await StopAsync();
            throw new ResourceStartException(Name, ex.Message, tail, ex);
        }
    }

    public async Task StopAsync()
    {
        // Reverse start order: a server stops before the helper processes it depends on (RabbitMQ before epmd).
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].StopAsync();
        }
        _processes.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// One health probe of the running resource; never throws for a resource that does not answer. Services answer
    /// their <c>/health</c> (dependencies included), servers their protocol-level readiness probe.
    /// </summary>
    public async Task<HealthProbeResult> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await ProbeHealthAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthProbeResult(false, ex.Message);
        }
    }

    /// <summary>Prepares state (first run only) and launches the processes with <see cref="LaunchAsync"/>.</summary>
    protected abstract Task StartProcessesAsync(CancellationToken cancellationToken);

    /// <summary>One readiness probe: true when the server really answers its protocol.</summary>
    protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>A health probe with detail; by default the readiness probe.</summary>
    protected virtual async Task<HealthProbeResult> ProbeHealthAsync(CancellationToken cancellationToken)
        => await IsReadyAsync(cancellationToken) ? HealthProbeResult.Healthy : new HealthProbeResult(false, "not answering its readiness probe");

    /// <summary>Work once the server answers, e.g. creating databases.</summary>
    protected virtual Task AfterReadyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected async Task<ChildProcess> LaunchAsync(string processName, ProcessSpec spec, CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(LogDirectory, processName + ".log");
        lock (_logFiles)
        {
            _logFiles.TryAdd(logFile, File.Exists(logFile) ? new FileInfo(logFile).Length : 0);
        }
        var process = await ChildProcess.StartAsync(
            $"{Name}/{processName}", spec,
            logFile,
            Path.Combine(StateDirectory, "run", processName + ".pid"),
            cancellationToken);
        _processes.Add(process);
        return process;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            var exited = _processes.FirstOrDefault(p => p.HasExited);
            if (exited is not null)
            {
                throw new InvalidOperationException($"{exited.Name} exited with code {exited.ExitCode} before it was ready.");
            }
            try
            {
                if (await IsReadyAsync(timeout.Token))
                {
                    return;
                }
                await Task.Delay(100, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"not ready after {StartTimeout.TotalSeconds:0} s.");
            }
        }
    }

    private string LogTail(int lines = 30)
    {
        var tails = _processes.Select(p => p.LogFile)
            .Concat(Directory.Exists(LogDirectory) ? Directory.GetFiles(LogDirectory) : [])
            .Distinct()
            .Where(File.Exists)
            .Select(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                var text = new StreamReader(stream).ReadToEnd().Split('\n');
                return $"[{Path.GetFileName(file)}]{Environment.NewLine}{string.Join(Environment.NewLine, text.TakeLast(lines))}";
            });
        var joined = string.Join(Environment.NewLine, tails);
        return joined.Length == 0 ? "(no log was written)" : joined;
    }
}
