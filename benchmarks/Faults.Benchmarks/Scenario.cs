using FitnessAssistant.AppHostRuns;

namespace FitnessAssistant.Faults.Benchmarks;

/// <summary>
/// One fault during the steady stream of searches and writes. <see cref="Inject"/> returns when the fault is over
/// from the outside's point of view (a process killed, which the AppHost restarts; a stalled server resumed);
/// recovery is timed from then. An overload scenario adds <see cref="OverloadFactor"/> times the measured capacity
/// in uncached searches for <see cref="OverloadFor"/> instead.
/// </summary>
public sealed record Scenario(string Name, string Fault, Func<FaultSystem, Task> Inject)
{
    public double OverloadFactor { get; init; }

    public TimeSpan OverloadFor { get; init; }

    private static readonly TimeSpan StallFor = TimeSpan.FromSeconds(10);

    public static Scenario Baseline(string name) => new(name, "none", _ => Task.CompletedTask);

    public static Scenario Kill(string resource, string? processName = null)
        => new($"kill {resource}", $"SIGKILL {processName ?? "the service"}", system =>
        {
            Posix.Signal(Processes.Of(system.Run, resource, processName), Posix.SigKill);
            return Task.CompletedTask;
        });

    public static Scenario Stall(string resource, string processName)
        => new($"stall {resource}", $"SIGSTOP {processName} and its children for {StallFor.TotalSeconds:F0} s", async system =>
        {
            var tree = Processes.Tree(Processes.Of(system.Run, resource, processName));
            foreach (var pid in tree)
            {
                Posix.Signal(pid, SigStop);
            }
            try
            {
                await Task.Delay(StallFor);
            }
            finally
            {
                foreach (var pid in tree)
                {
                    Posix.Signal(pid, SigCont);
                }
            }
        });

    public static Scenario Overload(double factor)
        => new($"overload {factor:0}x", $"{factor:0}x capacity in uncached searches for 20 s", _ => Task.CompletedTask)
        {
            OverloadFactor = factor,
            OverloadFor = TimeSpan.FromSeconds(20),
        };

    private const int SigStop = 19;
    private const int SigCont = 18;
}
