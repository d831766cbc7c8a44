using Microsoft.ML.OnnxRuntime;

namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>How the encoder's ONNX Runtime session runs.</summary>
public sealed record SentenceEncoderOptions
{
    /// <summary>Threads inside one operator (matrix products). Modest by default: the machines have 2 cores, shared.</summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>Threads across operators; the graphs are chains, so sequential execution with 1 is right.</summary>
    public int InterOpThreads { get; init; } = 1;

    public GraphOptimizationLevel GraphOptimization { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Whether idle ORT worker threads spin waiting for work. Spinning trims latency a little but burns a core while
    /// idle, which hurts everything else on a small shared machine; off by default.
    /// </summary>
    public bool AllowSpinning { get; init; }
}
