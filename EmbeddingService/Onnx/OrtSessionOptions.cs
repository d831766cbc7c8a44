namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>ORT's graph optimisation levels (<c>GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}

/// <summary>ORT's execution modes (<c>ExecutionMode</c>): nodes one at a time, or independent branches in parallel.</summary>
public enum ExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}

/// <summary>Options for creating a session (<c>OrtSessionOptions</c>): threads, optimisation, configuration entries.</summary>
public sealed unsafe class OrtSessionOptions : IDisposable
{
    private readonly OrtApi api;

    public OrtSessionOptions(OnnxRuntime runtime)
    {
        api = runtime.Api;
        IntPtr options;
        api.Check(api.CreateSessionOptions(&options));
        Handle = new OrtHandle(options, api.ReleaseSessionOptions);
    }

    internal OrtHandle Handle { get; }

    /// <summary>Threads that parallelise work inside one operator (0 lets ORT choose: one per core).</summary>
    public OrtSessionOptions SetIntraOpThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        using var lease = Handle.Use();
        api.Check(api.SetIntraOpNumThreads(lease.Pointer, threads));
        return this;
    }

    /// <summary>Threads that run independent operators at once; only used in <see cref="ExecutionMode.Parallel"/>.</summary>
    public OrtSessionOptions SetInterOpThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        using var lease = Handle.Use();
        api.Check(api.SetInterOpNumThreads(lease.Pointer, threads));
        return this;
    }

    public OrtSessionOptions SetGraphOptimizationLevel(GraphOptimizationLevel level)
    {
        using var lease = Handle.Use();
        api.Check(api.SetSessionGraphOptimizationLevel(lease.Pointer, (int)level));
        return this;
    }

    public OrtSessionOptions SetExecutionMode(ExecutionMode mode)
    {
        using var lease = Handle.Use();
        api.Check(api.SetSessionExecutionMode(lease.Pointer, (int)mode));
        return this;
    }

    /// <summary>A session configuration entry (keys from <c>onnxruntime_session_options_config_keys.h</c>).</summary>
    public OrtSessionOptions AddConfigEntry(string key, string value)
    {
        var keyBytes = NativeText.ToUtf8(key);
        var valueBytes = NativeText.ToUtf8(value);
        using var lease = Handle.Use();
        fixed (byte* keyPointer = keyBytes)
        fixed (byte* valuePointer = valueBytes)
        {
            api.Check(api.AddSessionConfigEntry(lease.Pointer, keyPointer, valuePointer));
        }
        return this;
    }

    public void Dispose() => Handle.Dispose();
}
