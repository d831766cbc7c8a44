namespace FitnessAssistant.Embedding.Benchmarks;

/// <summary>One way of embedding (in process, over gRPC...) and the latencies measured for it, in milliseconds.</summary>
public sealed record Mode(string Name, Func<string, Task> Single, Func<List<string>, Task> Batch)
{
    public List<double> SingleMs { get; } = [];

    public List<double> BatchMs { get; } = [];
}
