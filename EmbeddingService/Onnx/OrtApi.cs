using System.Runtime.InteropServices;

namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>
/// The entries of ONNX Runtime's <c>OrtApi</c> function table that the binding uses. The C API is a struct of
/// function pointers that only ever grows at the end, so an entry is found by its position as declared in
/// <c>onnxruntime_c_api.h</c>; every position used here is in the part of the table frozen since API version 8.
/// Functions returning <c>OrtStatus*</c> return null on success.
/// </summary>
internal readonly unsafe struct OrtApi
{
    /// <summary>The table version requested from <c>OrtGetApiBase()->GetApi</c>.</summary>
    public const uint Version = 8;

    public readonly delegate* unmanaged<int, byte*, IntPtr> CreateStatus;                                 // 0
    public readonly delegate* unmanaged<IntPtr, int> GetErrorCode;                                        // 1
    public readonly delegate* unmanaged<IntPtr, byte*> GetErrorMessage;                                   // 2
    public readonly delegate* unmanaged<int, byte*, IntPtr*, IntPtr> CreateEnv;                           // 3
    public readonly delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr> CreateSession;            // 7
    public readonly delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr> Run; // 9
    public readonly delegate* unmanaged<IntPtr*, IntPtr> CreateSessionOptions;                            // 10
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionExecutionMode;                     // 13
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetSessionGraphOptimizationLevel;            // 23
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetIntraOpNumThreads;                        // 24
    public readonly delegate* unmanaged<IntPtr, int, IntPtr> SetInterOpNumThreads;                        // 25
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetInputCount;                     // 30
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> SessionGetOutputCount;                    // 31
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetInputName;       // 36
    public readonly delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> SessionGetOutputName;      // 37
    public readonly delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr> CreateTensorWithDataAsOrtValue; // 49
    public readonly delegate* unmanaged<IntPtr, void**, IntPtr> GetTensorMutableData;                     // 51
    public readonly delegate* unmanaged<IntPtr, int*, IntPtr> GetTensorElementType;                       // 60
    public readonly delegate* unmanaged<IntPtr, nuint*, IntPtr> GetDimensionsCount;                       // 61
    public readonly delegate* unmanaged<IntPtr, long*, nuint, IntPtr> GetDimensions;                      // 62
    public readonly delegate* unmanaged<IntPtr, IntPtr*, IntPtr> GetTensorTypeAndShape;                   // 65
    public readonly delegate* unmanaged<int, int, IntPtr*, IntPtr> CreateCpuMemoryInfo;                   // 69
    public readonly delegate* unmanaged<IntPtr, void*, IntPtr> AllocatorFree;                             // 76
    public readonly delegate* unmanaged<IntPtr*, IntPtr> GetAllocatorWithDefaultOptions;                  // 78
    public readonly delegate* unmanaged<IntPtr, void> ReleaseEnv;                                         // 92
    public readonly delegate* unmanaged<IntPtr, void> ReleaseStatus;                                      // 93
    public readonly delegate* unmanaged<IntPtr, void> ReleaseMemoryInfo;                                  // 94
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSession;                                     // 95
    public readonly delegate* unmanaged<IntPtr, void> ReleaseValue;                                       // 96
    public readonly delegate* unmanaged<IntPtr, void> ReleaseTensorTypeAndShapeInfo;                      // 99
    public readonly delegate* unmanaged<IntPtr, void> ReleaseSessionOptions;                              // 100
    public readonly delegate* unmanaged<IntPtr, byte*, byte*, IntPtr> AddSessionConfigEntry;              // 130

    public OrtApi(IntPtr* table)
    {
        CreateStatus = (delegate* unmanaged<int, byte*, IntPtr>)table[0];
        GetErrorCode = (delegate* unmanaged<IntPtr, int>)table[1];
        GetErrorMessage = (delegate* unmanaged<IntPtr, byte*>)table[2];
        CreateEnv = (delegate* unmanaged<int, byte*, IntPtr*, IntPtr>)table[3];
        CreateSession = (delegate* unmanaged<IntPtr, byte*, IntPtr, IntPtr*, IntPtr>)table[7];
        Run = (delegate* unmanaged<IntPtr, IntPtr, IntPtr*, IntPtr*, nuint, IntPtr*, nuint, IntPtr*, IntPtr>)table[9];
        CreateSessionOptions = (delegate* unmanaged<IntPtr*, IntPtr>)table[10];
        SetSessionExecutionMode = (delegate* unmanaged<IntPtr, int, IntPtr>)table[13];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<IntPtr, int, IntPtr>)table[23];
        SetIntraOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)table[24];
        SetInterOpNumThreads = (delegate* unmanaged<IntPtr, int, IntPtr>)table[25];
        SessionGetInputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)table[30];
        SessionGetOutputCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)table[31];
        SessionGetInputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[36];
        SessionGetOutputName = (delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr>)table[37];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<IntPtr, void*, nuint, long*, nuint, int, IntPtr*, IntPtr>)table[49];
        GetTensorMutableData = (delegate* unmanaged<IntPtr, void**, IntPtr>)table[51];
        GetTensorElementType = (delegate* unmanaged<IntPtr, int*, IntPtr>)table[60];
        GetDimensionsCount = (delegate* unmanaged<IntPtr, nuint*, IntPtr>)table[61];
        GetDimensions = (delegate* unmanaged<IntPtr, long*, nuint, IntPtr>)table[62];
        GetTensorTypeAndShape = (delegate* unmanaged<IntPtr, IntPtr*, IntPtr>)table[65];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, IntPtr*, IntPtr>)table[69];
        AllocatorFree = (delegate* unmanaged<IntPtr, void*, IntPtr>)table[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<IntPtr*, IntPtr>)table[78];
        ReleaseEnv = (delegate* unmanaged<IntPtr, void>)table[92];
        ReleaseStatus = (delegate* unmanaged<IntPtr, void>)table[93];
        ReleaseMemoryInfo = (delegate* unmanaged<IntPtr, void>)table[94];
        ReleaseSession = (delegate* unmanaged<IntPtr, void>)table[95];
        ReleaseValue = (delegate* unmanaged<IntPtr, void>)table[96];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<IntPtr, void>)table[99];
        ReleaseSessionOptions = (delegate* unmanaged<IntPtr, void>)table[100];
        AddSessionConfigEntry = (delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)table[130];
    }

    /// <summary>Turns a returned <c>OrtStatus*</c> into an <see cref="OrtException"/> carrying ORT's message.</summary>
    public void Check(IntPtr status)
    {
        if (status == IntPtr.Zero)
        {
            return;
        }
        var code = (OrtErrorCode)GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((IntPtr)GetErrorMessage(status)) ?? "(no message)";
        ReleaseStatus(status);
        throw new OrtException(code, message);
    }
}
