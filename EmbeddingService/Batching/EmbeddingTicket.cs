using FitnessAssistant.EmbeddingService.Encoder;

namespace FitnessAssistant.EmbeddingService.Batching;

/// <summary>Room reserved in the batcher's queue for one request's texts (<see cref="EmbeddingBatcher.Admit"/>).</summary>
public sealed class EmbeddingTicket : IDisposable
{
    private readonly EmbeddingBatcher batcher;
    private readonly int textCount;
    private int state; // 0: reserved, 1: submitted or released

    internal EmbeddingTicket(EmbeddingBatcher batcher, int textCount)
    {
        this.batcher = batcher;
        this.textCount = textCount;
    }

    /// <summary>Submits the texts the room was reserved for; the vectors come back in the same order.</summary>
    public Task<IReadOnlyList<TextEmbedding>> EmbedAsync(SentenceEncoder encoder, IReadOnlyList<TokenizedText> texts, CancellationToken cancellationToken)
    {
        if (texts.Count != textCount)
        {
            throw new ArgumentException($"The ticket holds room for {textCount} texts, not {texts.Count}.", nameof(texts));
        }
        if (Interlocked.Exchange(ref state, 1) != 0)
        {
            throw new InvalidOperationException("The ticket was already used.");
        }
        return batcher.Submit(encoder, texts, cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref state, 1) == 0)
        {
            batcher.Release(textCount);
        }
    }
}
