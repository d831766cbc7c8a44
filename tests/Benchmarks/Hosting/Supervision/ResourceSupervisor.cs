using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.Hosting.Supervision;

/// <summary>
/// Keeps one resource running: starts it (retrying a failed start), watches its processes, polls its health, and
/// starts it again with exponential backoff when a process exits. One supervisor per resource, as Aspire's
/// orchestrator has one per resource; its <see cref="Status"/> is what the dashboard shows.
/// </summary>
public sealed class ResourceSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan ExitPollInterval = TimeSpan.FromMilliseconds(250);
    private const int UnhealthyAfterFailedProbes = 2;

    private readonly ILogger _logger;
    private readonly RestartPolicy _policy;
    private readonly TimeSpan _healthInterval;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task<bool>? _start;
    private Task? _supervision;
    private ResourceState _state = ResourceState.Waiting;
    private string? _detail;
    private DateTimeOffset _stateSince = DateTimeOffset.UtcNow;
    private bool? _healthy;
    private string? _healthDetail;
    private int _restartCount;
    private ResourceExit? _lastExit;
    private int _consecutiveFailures;
    private DateTimeOffset _runningSince;

    public ResourceSupervisor(ServerResource resource, ILogger logger, RestartPolicy? policy = null, TimeSpan? healthInterval = null)
    {
        Resource = resource;
        _logger = logger;
        _policy = policy ?? RestartPolicy.Default;
        _healthInterval = healthInterval ?? TimeSpan.FromSeconds(2);
    }

    public ServerResource Resource { get; }

    public string Name => Resource.Name;

    /// <summary>Raised on every state change (on the supervising thread; handlers must be quick).</summary>
    public event Action<ResourceStatus>? StateChanged;

    public ResourceState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    public int RestartCount => Volatile.Read(ref _restartCount);

    public ResourceStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new ResourceStatus(Resource.Name, _state, _detail, _healthy, _healthDetail, _restartCount, _stateSince,
                    _lastExit, [.. Resource.Processes.Where(p => !p.HasExited).Select(p => p.Pid)]);
            }
        }
    }

    /// <summary>Shows why the resource is not starting yet (it waits for a dependency), or that it never will.</summary>
    public void Hold(ResourceState state, string detail)
    {
        if (state is not (ResourceState.Waiting or ResourceState.Failed))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Only Waiting or Failed can be set from outside.");
        }
        SetState(state, detail);
    }

    /// <summary>
    /// Starts the resource, retrying a failed start with backoff, then supervises it until <see cref="StopAsync"/>.
    /// True once it runs; false when it gave up (<see cref="ResourceState.Failed"/>).
    /// </summary>
    public Task<bool> StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_start is not null)
            {
                throw new InvalidOperationException($"{Name} was already started.");
            }
            _start = StartAndSuperviseAsync(cancellationToken);
            return _start;
        }
    }

    /// <summary>Stops supervising (no more restarts), then stops the resource's processes.</summary>
    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync();
        await Quietly(_start);
        await Quietly(_supervision);
        if (State is ResourceState.Waiting or ResourceState.Failed && Resource.Processes.Count == 0)
        {
            SetState(ResourceState.Stopped, _detail);
            return;
        }
        SetState(ResourceState.Stopping, null);
        await Resource.StopAsync();
        SetState(ResourceState.Stopped, null);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private async Task<bool> StartAndSuperviseAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        if (!await StartWithRetriesAsync(linked.Token))
        {
            return false;
        }
        _supervision = Task.Run(() => SuperviseAsync(_stopping.Token), CancellationToken.None);
        return true;
    }

    /// <summary>One start, then further attempts with backoff while it fails, up to the policy's limit.</summary>
    private async Task<bool> StartWithRetriesAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var restarting = State == ResourceState.Restarting;
            SetState(restarting ? ResourceState.Restarting : ResourceState.Starting, restarting ? _detail : null);
            try
            {
                await Resource.StartAsync(cancellationToken);
                _runningSince = DateTimeOffset.UtcNow;
                lock (_gate)
                {
                    _healthy = true;
                    _healthDetail = null;
                }
                SetState(ResourceState.Running, null);
                return true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                await Resource.StopAsync();
                _logger.LogError("{Resource} failed to start (attempt {Attempt} of {MaxAttempts}): {Error}",
                    Name, attempt, _policy.MaxStartAttempts, ex.Message);
                if (attempt >= _policy.MaxStartAttempts)
                {
                    SetState(ResourceState.Failed, $"gave up after {attempt} failed starts: {FirstLine(ex.Message)}");
                    return false;
                }
                var delay = _policy.DelayBefore(++_consecutiveFailures);
                SetState(ResourceState.Restarting, $"start failed ({FirstLine(ex.Message)}); next attempt in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, cancellationToken);
                Interlocked.Increment(ref _restartCount);
            }
        }
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        var nextHealthProbe = DateTimeOffset.UtcNow + _healthInterval;
        var failedProbes = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(ExitPollInterval, cancellationToken);
                var exited = Resource.Processes.FirstOrDefault(p => p.HasExited);
                if (exited is not null)
                {
                    if (!await RestartAfterExitAsync(exited, cancellationToken))
                    {
                        return;
                    }
                    failedProbes = 0;
                    nextHealthProbe = DateTimeOffset.UtcNow + _healthInterval;
                    continue;
                }
                if (DateTimeOffset.UtcNow < nextHealthProbe)
                {
                    continue;
                }
                nextHealthProbe = DateTimeOffset.UtcNow + _healthInterval;
                if (DateTimeOffset.UtcNow - _runningSince > _policy.StableAfter)
                {
                    _consecutiveFailures = 0;
                }
                var health = await ProbeAsync(cancellationToken);
                failedProbes = health.IsHealthy ? 0 : failedProbes + 1;
                lock (_gate)
                {
                    _healthy = health.IsHealthy ? true : failedProbes >= UnhealthyAfterFailedProbes ? false : _healthy;
                    _healthDetail = health.Detail;
                }
                if (health.IsHealthy && _state == ResourceState.Unhealthy)
                {
                    SetState(ResourceState.Running, null);
                }
                else if (!health.IsHealthy && failedProbes == UnhealthyAfterFailedProbes)
                {
                    SetState(ResourceState.Unhealthy, health.Detail);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> RestartAfterExitAsync(ChildProcess exited, CancellationToken cancellationToken)
    {
        var exit = new ResourceExit(exited.Name, exited.ExitCode, DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _lastExit = exit;
            _healthy = null;
            _healthDetail = null;
        }
        // Siblings go too (RabbitMQ's epmd), so the resource starts again from a known state.
        await Resource.StopAsync();
        var delay = _policy.DelayBefore(++_consecutiveFailures);
        _logger.LogWarning("{Process} exited with code {ExitCode}; restarting {Resource} in {Delay} s",
            exit.Process, exit.ExitCode, Name, delay.TotalSeconds);
        SetState(ResourceState.Restarting, $"{exit.Process} exited with code {exit.ExitCode}; restarting in {delay.TotalSeconds:0.#} s");
        await Task.Delay(delay, cancellationToken);
        Interlocked.Increment(ref _restartCount);
        return await StartWithRetriesAsync(cancellationToken);
    }

    private async Task<HealthProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await Resource.CheckHealthAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthProbeResult(false, "health probe timed out after 5 s");
        }
    }

    private void SetState(ResourceState state, string? detail)
    {
        ResourceStatus status;
        lock (_gate)
        {
            if (_state == state && _detail == detail)
            {
                return;
            }
            if (_state != state)
            {
                _stateSince = DateTimeOffset.UtcNow;
            }
            _state = state;
            _detail = detail;
        }
        status = Status;
        StateChanged?.Invoke(status);
    }

    private static async Task Quietly(Task? task)
    {
        if (task is null)
        {
            return;
        }
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ResourceStartException)
        {
        }
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOf('\n');
        return end < 0 ? text : text[..end].TrimEnd();
    }
}
