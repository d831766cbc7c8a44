namespace FitnessAssistant.Faults.Benchmarks;

public enum RequestKind
{
    Search,
    Write,
}

/// <summary>One request's answer: when it was sent (since the scenario began), its status (0 when none came), whether a search was degraded.</summary>
public sealed record Outcome(RequestKind Kind, TimeSpan SentAt, int Status, bool Degraded, double LatencyMs)
{
    /// <summary>What a user calls working: a full search answer, or a write that took.</summary>
    public bool IsNormal => Status is >= 200 and < 300 && !Degraded;
}
