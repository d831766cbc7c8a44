using FitnessAssistant.EmbeddingService.Encoder;

namespace FitnessAssistant.EmbeddingService.Batching;

/// <summary>Room reserved in the batcher's queue for one request's texts (<see cref="EmbeddingBatcher.Admit"/>).</summary>
public sealed class EmbeddingTicket : IDisposable
{
    private readonly EmbeddingBatcher _batcher;
    private readonly int _textCount;
    private int _state; // 0: reserved, 1: submitted or released

    internal EmbeddingTicket(EmbeddingBatcher batcher, int textCount)
    {
        _batcher = batcher;
        _textCount = textCount;
    }

    /// <summary>Submits the texts the room was reserved for; the vectors come back in the same order.</summary>
    public Task<IReadOnlyList<TextEmbedding>> EmbedAsync(SentenceEncoder encoder, IReadOnlyList<TokenizedText> texts, CancellationToken cancellationToken)
    {
        if (texts.Count != _textCount)
        {
            throw new ArgumentException($"The ticket holds room for {_textCount} texts, not {texts.Count}.", nameof(texts));
        }
        if (Interlocked.Exchange(ref _state, 1) != 0)
        {
            throw new InvalidOperationException("The ticket was already used.");
        }
        return _batcher.Submit(encoder, texts, cancellationToken);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _state, 1) == 0)
        {
            _batcher.Release(_textCount);
        }
    }
}
