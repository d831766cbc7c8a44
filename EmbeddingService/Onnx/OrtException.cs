namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>ONNX Runtime's error codes (<c>OrtErrorCode</c>).</summary>
public enum OrtErrorCode
{
    Ok = 0,
    Fail = 1,
    InvalidArgument = 2,
    NoSuchFile = 3,
    NoModel = 4,
    EngineError = 5,
    RuntimeException = 6,
    InvalidProtobuf = 7,
    ModelLoaded = 8,
    NotImplemented = 9,
    InvalidGraph = 10,
    ExecutionProviderFailure = 11,
}

/// <summary>A failed ONNX Runtime call, with the runtime's own error code and message.</summary>
public sealed class OrtException(OrtErrorCode code, string message)
    : Exception($"ONNX Runtime: {code}: {message}")
{
    public OrtErrorCode Code { get; } = code;

    public string RuntimeMessage { get; } = message;
}
