namespace FitnessAssistant.EmbeddingService.Batching;

/// <summary>The batcher's queue has no room for the request's texts; the caller should back off.</summary>
public sealed class EmbeddingQueueFullException(int queuedTexts, int capacity)
    : Exception($"The embedding queue is full ({queuedTexts} of {capacity} texts waiting); retry later.");
