namespace FitnessAssistant.Hosting.Processes;

/// <summary>What to run: executable, arguments, environment, and how to ask it to stop.</summary>
public sealed record ProcessSpec(string Executable, IReadOnlyList<string> Arguments)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>Run as this system user (via setpriv) when the host runs as root, e.g. postgres.</summary>
    public string? RunAsUser { get; init; }

    /// <summary>The signal that asks the program for a clean, prompt shutdown (postgres: SIGINT, fast shutdown).</summary>
    public int StopSignal { get; init; } = Posix.SigTerm;

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
