namespace FitnessAssistant.VectorIndex;

/// <summary>
/// Which version searches read (null before the first one is activated) and the index epoch: a counter bumped by
/// every switch of the active version and, coalesced, by writes that changed it (<see cref="PendingChanges"/> until
/// then). Equal epochs without pending changes mean equal search answers.
/// </summary>
public sealed record IndexState(string? ActiveVersion, EmbeddingModel? ActiveModel, long Epoch, bool PendingChanges = false);
