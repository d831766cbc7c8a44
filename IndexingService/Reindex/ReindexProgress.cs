namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>A snapshot of a re-index job, as the admin API shows it.</summary>
public sealed record ReindexProgress(
    Guid Id,
    string Reason,
    ReindexPhase Phase,
    string? Version,
    string? Model,
    long Processed,
    long? Total,
    double ExercisesPerSecond,
    TimeSpan? EstimatedRemaining,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? PausedFor,
    VerificationReport? Verification,
    string? Error)
{
    public bool IsFinished => Phase is ReindexPhase.Succeeded or ReindexPhase.Failed or ReindexPhase.Cancelled;
}
