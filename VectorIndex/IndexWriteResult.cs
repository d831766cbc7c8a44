namespace FitnessAssistant.VectorIndex;

/// <summary>
/// How many rows a write changed (stale or repeated writes change none) and whether it changed the active
/// version, i.e. what searches see: such a write leaves the epoch pending until <see cref="IVectorIndex.AdvanceEpochAsync"/>.
/// </summary>
public sealed record IndexWriteResult(int Changed, bool ChangedActiveVersion)
{
    public static IndexWriteResult Unchanged { get; } = new(0, false);
}
