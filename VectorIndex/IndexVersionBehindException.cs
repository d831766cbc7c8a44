namespace FitnessAssistant.VectorIndex;

/// <summary>
/// The version missed catalog changes (<see cref="IndexVersion.MissedChanges"/>) and was not caught up since:
/// activating it would serve stale results, so <see cref="IVectorIndex.ActivateAsync"/> refuses.
/// </summary>
public sealed class IndexVersionBehindException(string version, long missedChanges)
    : Exception($"Index version '{version}' missed {missedChanges} batches of catalog changes; catch it up before activating it.")
{
    public string Version { get; } = version;

    public long MissedChanges { get; } = missedChanges;
}
