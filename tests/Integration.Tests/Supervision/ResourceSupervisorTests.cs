using System.Collections.Concurrent;
using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;
using FitnessAssistant.Hosting.Supervision;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessAssistant.IntegrationTests.Supervision;

/// <summary>The supervisor against real processes: crashes, failed starts and failing health probes.</summary>
public sealed class ResourceSupervisorTests : IDisposable
{
    private static readonly RestartPolicy FastPolicy = new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(1),
        MaxStartAttempts = 3,
    };

    private readonly string _stateRoot = Directory.CreateTempSubdirectory("fa-supervisor-").FullName;
    private readonly ConcurrentQueue<ResourceStatus> _changes = new();

    [Fact]
    public async Task A_killed_process_is_restarted_after_a_backoff_and_counted()
    {
        var resource = new Sleeper(_stateRoot);
        await using var supervisor = Supervise(resource);
        (await supervisor.StartAsync()).Should().BeTrue();
        var firstPid = supervisor.Status.Pids.Single();

        Posix.Signal(firstPid, Posix.SigKill);
        await WaitUntilAsync(() => supervisor.State == ResourceState.Running && supervisor.RestartCount == 1);

        var status = supervisor.Status;
        status.Pids.Should().ContainSingle().Which.Should().NotBe(firstPid);
        status.LastExit.Should().NotBeNull();
        status.LastExit!.ExitCode.Should().Be(128 + Posix.SigKill);
        _changes.Select(change => change.State).Should().ContainInOrder(
            ResourceState.Starting, ResourceState.Running, ResourceState.Restarting, ResourceState.Running);
        _changes.Should().Contain(change => change.State == ResourceState.Restarting && change.Detail!.Contains("exited with code 137"));
    }

    [Fact]
    public async Task Stop_ends_supervision_so_the_process_is_gone_and_not_restarted()
    {
        var resource = new Sleeper(_stateRoot);
        var supervisor = Supervise(resource);
        await supervisor.StartAsync();
        var pid = supervisor.Status.Pids.Single();

        await supervisor.StopAsync();
        await Task.Delay(FastPolicy.InitialDelay * 3);

        Posix.IsAlive(pid).Should().BeFalse();
        supervisor.State.Should().Be(ResourceState.Stopped);
        resource.Processes.Should().BeEmpty();
    }

    [Fact]
    public async Task A_resource_that_never_starts_is_Failed_after_the_policy_attempts()
    {
        var resource = new Sleeper(_stateRoot) { Command = ["false"], Answers = false };
        await using var supervisor = Supervise(resource);

        (await supervisor.StartAsync()).Should().BeFalse();

        supervisor.State.Should().Be(ResourceState.Failed);
        supervisor.RestartCount.Should().Be(FastPolicy.MaxStartAttempts - 1);
        supervisor.Status.Detail.Should().Contain("gave up after 3 failed starts").And.Contain("exited with code 1 before it was ready");
    }

    [Fact]
    public async Task Failing_health_probes_make_it_Unhealthy_until_they_pass_again()
    {
        var resource = new Sleeper(_stateRoot);
        await using var supervisor = Supervise(resource);
        await supervisor.StartAsync();

        resource.Healthy = false;
        await WaitUntilAsync(() => supervisor.State == ResourceState.Unhealthy);
        supervisor.Status.HealthDetail.Should().Be("told to be unhealthy");
        supervisor.Status.IsHealthy.Should().BeFalse();

        resource.Healthy = true;
        await WaitUntilAsync(() => supervisor.State == ResourceState.Running);
        supervisor.RestartCount.Should().Be(0, "an unhealthy process is reported, not restarted");
    }

    public void Dispose() => Directory.Delete(_stateRoot, recursive: true);

    private ResourceSupervisor Supervise(ServerResource resource)
    {
        var supervisor = new ResourceSupervisor(resource, NullLogger.Instance, FastPolicy, healthInterval: TimeSpan.FromMilliseconds(200));
        supervisor.StateChanged += _changes.Enqueue;
        return supervisor;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>A process that runs until killed; its health is whatever the test says.</summary>
    private sealed class Sleeper(string stateRoot) : ServerResource("sleeper", stateRoot)
    {
        public string[] Command { get; init; } = ["sleep", "600"];

        public volatile bool Healthy = true;

        /// <summary>Whether its readiness probe ever answers (a program that exits at once must not look ready).</summary>
        public bool Answers { get; init; } = true;

        public override string ConnectionString => "";

        protected override async Task StartProcessesAsync(CancellationToken cancellationToken)
            => await LaunchAsync("sleeper", new ProcessSpec(Command[0], Command[1..]) { StopTimeout = TimeSpan.FromSeconds(2) }, cancellationToken);

        protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(Answers);

        protected override Task<HealthProbeResult> ProbeHealthAsync(CancellationToken cancellationToken)
            => Task.FromResult(Healthy ? HealthProbeResult.Healthy : new HealthProbeResult(false, "told to be unhealthy"));
    }
}
