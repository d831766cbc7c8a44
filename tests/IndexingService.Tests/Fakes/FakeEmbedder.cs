using System.Security.Cryptography;
using System.Text;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.ServiceDefaults;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IndexingService.Tests.Fakes;

/// <summary>Deterministic unit vectors from a hash of the text; records every batch it was asked for.</summary>
internal sealed class FakeEmbedder(int dimensions = 8) : ITextEmbedder
{
    public EmbeddingModel Model { get; set; } = new("fake", "1");

    public List<IReadOnlyList<string>> Batches { get; } = [];

    public bool Down { get; set; }

    public Func<string, bool>? Rejects { get; set; }

    /// <summary>Runs before each batch is embedded: lets a test change the world in the middle of a walk.</summary>
    public Action<IReadOnlyList<string>>? BeforeEmbedding { get; set; }

    public Task<EmbeddedBatch> EmbedAsync(IReadOnlyList<string> texts, EmbeddingModel? model, CancellationToken cancellationToken)
    {
        if (Down)
        {
            throw new DependencyUnavailableException("embedding", "unavailable");
        }
        if (model is not null && model != Model)
        {
            throw new EmbeddingModelNotServedException(model, $"this service serves {Model}");
        }
        if (Rejects is not null && texts.FirstOrDefault(Rejects) is { } rejected)
        {
            throw new ArgumentException($"cannot embed '{rejected}'");
        }
        BeforeEmbedding?.Invoke(texts);
        Batches.Add(texts);
        return Task.FromResult(new EmbeddedBatch(Model, texts.Select(Vector).ToList()));
    }

    public float[] Vector(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = Enumerable.Range(0, dimensions).Select(i => hash[i] / 255f + 0.01f).ToArray();
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return vector.Select(v => v / norm).ToArray();
    }
}
