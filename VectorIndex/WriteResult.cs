namespace FitnessAssistant.VectorIndex;

/// <summary>
/// How many rows a write changed (stale or repeated writes change none) and, when it changed the active version,
/// the epoch it produced.
/// </summary>
public sealed record WriteResult(int Changed, long? Epoch)
{
    public static WriteResult Unchanged { get; } = new(0, null);
}
