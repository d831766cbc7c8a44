namespace FitnessAssistant.VectorIndex;

/// <summary>
/// Which version searches read (null before the first one is activated) and the index epoch: a counter bumped by
/// every switch of the active version and every write that changed it. Equal epochs mean equal search answers.
/// </summary>
public sealed record IndexState(string? ActiveVersion, EmbeddingModel? ActiveModel, long Epoch);
