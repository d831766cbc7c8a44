using System.Diagnostics;
using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.Hosting.Resources;

namespace FitnessAssistant.IntegrationTests.Processes;

public sealed class ChildProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fa-process-").FullName;

    [Fact]
    public async Task Stop_sends_the_stop_signal_and_the_program_is_gone()
    {
        var child = await ChildProcess.StartAsync("sleeper", new ProcessSpec("sleep", ["300"]), Log, PidFile);
        Posix.IsAlive(child.Pid).Should().BeTrue();
        File.Exists(PidFile).Should().BeTrue();

        await child.StopAsync();

        Posix.IsAlive(child.Pid).Should().BeFalse();
        File.Exists(PidFile).Should().BeFalse();
    }

    [Fact]
    public async Task Program_dies_when_its_parent_dies_even_by_sigkill()
    {
        // A parent process that starts a child through the same watchdog protocol, then is SIGKILLed: its end of the
        // watchdog's pipe closes with it, and the watchdog must stop the child.
        var parent = Process.Start(new ProcessStartInfo("bash",
            ["-c", $"sleep 300 | (exec setsid bash -c '{WatchdogOf()}' w 15 5 {Log} sleep 301) > {_directory}/pid; wait"])
        {
            UseShellExecute = false,
        })!;
        var childPid = await ReadPidAsync(Path.Combine(_directory, "pid"));
        Posix.IsAlive(childPid).Should().BeTrue();

        // Kill the writer of the pipe (the stand-in parent's "sleep 300"), as a SIGKILL of the parent would close it.
        foreach (var pid in ChildrenOf(parent.Id))
        {
            Posix.Signal(pid, Posix.SigKill);
        }
        Posix.Signal(parent.Id, Posix.SigKill);

        await WaitUntil(() => !Posix.IsAlive(childPid), TimeSpan.FromSeconds(10));
        Posix.IsAlive(childPid).Should().BeFalse();
    }

    [Fact]
    public async Task A_leftover_named_by_a_pid_file_is_stopped_on_the_next_start()
    {
        var leftover = Process.Start(new ProcessStartInfo("setsid", ["sleep", "300"]) { UseShellExecute = false })!;
        await File.WriteAllTextAsync(PidFile, $"{leftover.Id} {Posix.StartTime(leftover.Id)}\n");

        var child = await ChildProcess.StartAsync("sleeper", new ProcessSpec("sleep", ["300"]), Log, PidFile);
        await leftover.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));

        leftover.HasExited.Should().BeTrue();
        await child.StopAsync();
    }

    [Fact]
    public void A_pid_file_naming_a_recycled_pid_kills_nothing()
    {
        var innocent = Process.Start(new ProcessStartInfo("sleep", ["300"]) { UseShellExecute = false })!;
        File.WriteAllText(PidFile, $"{innocent.Id} 1\n"); // same pid, different start time: not ours

        ChildProcess.StopLeftover(PidFile, Posix.SigTerm, TimeSpan.FromSeconds(1));

        innocent.HasExited.Should().BeFalse();
        innocent.Kill();
    }

    [Fact]
    public async Task A_server_that_cannot_start_reports_the_tail_of_its_log()
    {
        var failing = new FailingServer(_directory);

        var start = () => failing.StartAsync();

        (await start.Should().ThrowAsync<ResourceStartException>())
            .Which.Message.Should().Contain("broken config on line 3").And.Contain("exited with code 3");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Log => Path.Combine(_directory, "child.log");

    private string PidFile => Path.Combine(_directory, "child.pid");

    private static string WatchdogOf()
    {
        var field = typeof(ChildProcess).GetField("Watchdog", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        return ((string)field.GetValue(null)!).Replace("'", "'\\''");
    }

    private static IEnumerable<int> ChildrenOf(int pid)
        => File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);

    private static async Task<int> ReadPidAsync(string file)
    {
        await WaitUntil(() => File.Exists(file) && File.ReadAllText(file).EndsWith('\n'), TimeSpan.FromSeconds(5));
        return int.Parse(File.ReadAllText(file).Trim());
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private sealed class FailingServer(string root) : ServerResource("failing", root)
    {
        public override string ConnectionString => "";

        protected override Task StartProcessesAsync(CancellationToken cancellationToken)
            => LaunchAsync("server", new ProcessSpec("bash", ["-c", "echo 'starting'; echo 'broken config on line 3' >&2; exit 3"]), cancellationToken);

        protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
