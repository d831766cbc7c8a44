namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>Severity threshold of ONNX Runtime's own log (written to stderr by the runtime).</summary>
public enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}

/// <summary>The ORT environment (<c>OrtEnv</c>): the runtime's logging and global state, needed to create sessions.</summary>
public sealed unsafe class OrtEnvironment : IDisposable
{
    private OrtEnvironment(OnnxRuntime runtime, OrtHandle handle)
    {
        Runtime = runtime;
        Handle = handle;
    }

    public OnnxRuntime Runtime { get; }

    internal OrtHandle Handle { get; }

    public static OrtEnvironment Create(OnnxRuntime runtime, string logId, OrtLoggingLevel level = OrtLoggingLevel.Warning)
    {
        var api = runtime.Api;
        var id = NativeText.ToUtf8(logId);
        IntPtr env;
        fixed (byte* idPointer = id)
        {
            api.Check(api.CreateEnv((int)level, idPointer, &env));
        }
        return new OrtEnvironment(runtime, new OrtHandle(env, api.ReleaseEnv));
    }

    public void Dispose() => Handle.Dispose();
}
