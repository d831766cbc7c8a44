using System.Runtime.InteropServices;

namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>
/// ONNX Runtime's native library (<c>libonnxruntime.so.1</c>, shipped in the onnxruntime-node npm package), loaded
/// once per process with <see cref="NativeLibrary.Load(string)"/>; everything else in the binding goes through its
/// C API function table.
/// </summary>
public sealed unsafe class OnnxRuntime
{
    private static readonly Lock LoadLock = new();
    private static OnnxRuntime? loaded;

    private OnnxRuntime(string libraryPath, OrtApi api, string version)
    {
        LibraryPath = libraryPath;
        Api = api;
        Version = version;
        IntPtr memoryInfo;
        // Tensors the binding creates wrap managed buffers in CPU memory.
        api.Check(api.CreateCpuMemoryInfo(0 /* OrtDeviceAllocator */, 0 /* OrtMemTypeDefault */, &memoryInfo));
        CpuMemoryInfo = memoryInfo;
        IntPtr allocator;
        api.Check(api.GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;
    }

    public string LibraryPath { get; }

    /// <summary>The runtime's version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    internal OrtApi Api { get; }

    /// <summary>Lives as long as the process: the runtime cannot be unloaded once sessions may have used it.</summary>
    internal IntPtr CpuMemoryInfo { get; }

    /// <summary>ORT's process-wide default allocator; it is never released.</summary>
    internal IntPtr DefaultAllocator { get; }

    /// <summary>Loads the library at <paramref name="libraryPath"/>, or returns the one already loaded from that path.</summary>
    /// <exception cref="FileNotFoundException">The library file does not exist.</exception>
    /// <exception cref="InvalidOperationException">A different library is already loaded, or it lacks the C API version needed.</exception>
    public static OnnxRuntime Load(string libraryPath)
    {
        var fullPath = Path.GetFullPath(libraryPath);
        lock (LoadLock)
        {
            if (loaded is not null)
            {
                return loaded.LibraryPath == fullPath
                    ? loaded
                    : throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from {loaded.LibraryPath}; a process can use only one ({fullPath} was asked for).");
            }
            if (!File.Exists(fullPath))
            {
                throw new FileNotFoundException(
                    $"ONNX Runtime's native library is missing at {fullPath}. eng/install-prerequisites.sh installs it (npm onnxruntime-node).",
                    fullPath);
            }
            var handle = NativeLibrary.Load(fullPath);
            var getApiBase = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(handle, "OrtGetApiBase");
            // OrtApiBase: { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
            var apiBase = (IntPtr*)getApiBase();
            var getApi = (delegate* unmanaged<uint, IntPtr*>)apiBase[0];
            var getVersionString = (delegate* unmanaged<byte*>)apiBase[1];
            var version = Marshal.PtrToStringUTF8((IntPtr)getVersionString()) ?? "unknown";
            var table = getApi(OrtApi.Version);
            if (table is null)
            {
                throw new InvalidOperationException($"ONNX Runtime {version} at {fullPath} does not provide C API version {OrtApi.Version}.");
            }
            loaded = new OnnxRuntime(fullPath, new OrtApi(table), version);
            return loaded;
        }
    }

    /// <summary>Creates a status through the runtime and turns it back into an exception: a self-check of the binding.</summary>
    internal OrtException RoundTripStatus(OrtErrorCode code, string message)
    {
        var bytes = NativeText.ToUtf8(message);
        fixed (byte* text = bytes)
        {
            try
            {
                Api.Check(Api.CreateStatus((int)code, text));
            }
            catch (OrtException exception)
            {
                return exception;
            }
        }
        throw new InvalidOperationException("CreateStatus returned success for an error code.");
    }
}
