namespace FitnessAssistant.VectorIndex;

public enum IndexVersionState
{
    /// <summary>Being filled; writes are accepted but it cannot be activated yet.</summary>
    Building,

    /// <summary>Sealed: its search index is built. It can be (or has been) activated, and still takes writes.</summary>
    Ready,

    /// <summary>Failed verification (the reason is kept); it can never be activated, only retired.</summary>
    Failed,

    /// <summary>Dropped; its storage is gone.</summary>
    Retired,
}
