namespace FitnessAssistant.IndexingService.Activation;

/// <summary>A snapshot of an activation, as the admin API shows it.</summary>
/// <param name="Checked">Catalog exercises compared with the version so far.</param>
/// <param name="Total">The catalog's size: estimated by the version's own size until the walk ends.</param>
/// <param name="Reembedded">Exercises embedded again because the version held an older row or none.</param>
/// <param name="Deleted">Exercises the version still held although the catalog no longer has them.</param>
/// <param name="SwitchedBeforeCatchUp">
/// The catalog or the embedding service was unreachable and the version had missed no change, so it was switched
/// at once (as current as the version it replaced) and the catch-up finished afterwards.
/// </param>
public sealed record ActivationProgress(
    Guid Id,
    string Version,
    ActivationPhase Phase,
    long MissedChanges,
    long Checked,
    long? Total,
    long Reembedded,
    long Deleted,
    long? Epoch,
    DateTimeOffset StartedAt,
    DateTimeOffset? SwitchedAt,
    bool SwitchedBeforeCatchUp,
    DateTimeOffset? FinishedAt,
    string? PausedFor,
    string? Error)
{
    public bool IsFinished => Phase is ActivationPhase.Succeeded or ActivationPhase.Failed or ActivationPhase.Superseded or ActivationPhase.Cancelled;
}
