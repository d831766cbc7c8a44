using FitnessAssistant.AppHostRuns;

namespace FitnessAssistant.Faults.Benchmarks;

/// <summary>The processes a fault acts on, found under the AppHost's resources.</summary>
public static class Processes
{
    /// <summary>The server or service process of a resource: the named process under its launcher, or the resource's own.</summary>
    public static int Of(AppHostRun run, string resource, string? processName = null)
    {
        var own = run.TryPid(resource);
        var pid = processName is null || (own is { } self && Name(self) == processName) ? own : run.TryDescendantPid(resource, processName);
        return pid ?? throw new InvalidOperationException($"{resource} has no {processName ?? "process"} now");
    }

    private static string Name(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary><paramref name="pid"/> and every process under it (a PostgreSQL server's backends, say).</summary>
    public static IReadOnlyList<int> Tree(int pid)
    {
        var all = new List<int>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var next))
        {
            all.Add(next);
            try
            {
                foreach (var child in File.ReadAllText($"/proc/{next}/task/{next}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    pending.Push(int.Parse(child));
                }
            }
            catch (IOException)
            {
            }
        }
        return all;
    }
}
