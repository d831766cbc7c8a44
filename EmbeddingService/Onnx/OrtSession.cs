using System.Runtime.InteropServices;

namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>
/// A loaded model (<c>OrtSession</c>). <see cref="Run"/> may be called from several threads at once, as ORT allows.
/// </summary>
public sealed unsafe class OrtSession : IDisposable
{
    private readonly OrtApi api;
    private readonly OrtHandle handle;
    private readonly Dictionary<string, byte[]> inputNames;
    private readonly Dictionary<string, byte[]> outputNames;

    private OrtSession(OrtApi api, OrtHandle handle, Dictionary<string, byte[]> inputNames, Dictionary<string, byte[]> outputNames)
    {
        this.api = api;
        this.handle = handle;
        this.inputNames = inputNames;
        this.outputNames = outputNames;
    }

    public IReadOnlyCollection<string> InputNames => inputNames.Keys;

    public IReadOnlyCollection<string> OutputNames => outputNames.Keys;

    /// <exception cref="OrtException">ORT cannot load the model (missing file, invalid protobuf, unsupported operator...).</exception>
    public static OrtSession Create(OrtEnvironment environment, string modelPath, OrtSessionOptions options)
    {
        var api = environment.Runtime.Api;
        var path = NativeText.ToUtf8(modelPath);
        IntPtr session;
        using (var env = environment.Handle.Use())
        using (var opts = options.Handle.Use())
        fixed (byte* pathPointer = path)
        {
            api.Check(api.CreateSession(env.Pointer, pathPointer, opts.Pointer, &session));
        }
        var owned = new OrtHandle(session, api.ReleaseSession);
        try
        {
            var allocator = environment.Runtime.DefaultAllocator;
            return new OrtSession(api, owned,
                ReadNames(api, session, allocator, api.SessionGetInputCount, api.SessionGetInputName),
                ReadNames(api, session, allocator, api.SessionGetOutputCount, api.SessionGetOutputName));
        }
        catch
        {
            owned.Dispose();
            throw;
        }
    }

    /// <summary>Runs the model; the caller owns (and disposes) the returned outputs, in the order asked for.</summary>
    public OrtTensor[] Run(IReadOnlyList<KeyValuePair<string, OrtTensor>> inputs, IReadOnlyList<string> outputs)
    {
        var count = inputs.Count;
        var names = stackalloc IntPtr[count];
        var values = stackalloc IntPtr[count];
        var leases = new bool[count];
        var outputNamePointers = stackalloc IntPtr[outputs.Count];
        var results = stackalloc IntPtr[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            outputNamePointers[i] = outputNames.TryGetValue(outputs[i], out var name)
                ? AddressOf(name)
                : throw new ArgumentException($"The model has no output '{outputs[i]}' (it has: {string.Join(", ", outputNames.Keys)}).", nameof(outputs));
            results[i] = IntPtr.Zero;
        }
        try
        {
            for (var i = 0; i < count; i++)
            {
                names[i] = inputNames.TryGetValue(inputs[i].Key, out var name)
                    ? AddressOf(name)
                    : throw new ArgumentException($"The model has no input '{inputs[i].Key}' (it has: {string.Join(", ", inputNames.Keys)}).", nameof(inputs));
                inputs[i].Value.Handle.DangerousAddRef(ref leases[i]);
                values[i] = inputs[i].Value.Handle.DangerousGetHandle();
            }
            using var session = handle.Use();
            api.Check(api.Run(session.Pointer, IntPtr.Zero, names, values, (nuint)count, outputNamePointers, (nuint)outputs.Count, results));
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                if (leases[i])
                {
                    inputs[i].Value.Handle.DangerousRelease();
                }
            }
        }
        var tensors = new OrtTensor[outputs.Count];
        for (var i = 0; i < outputs.Count; i++)
        {
            tensors[i] = OrtTensor.FromOwnedValue(api, results[i]);
        }
        return tensors;
    }

    public void Dispose() => handle.Dispose();

    private static IntPtr AddressOf(byte[] pinnedName) => Marshal.UnsafeAddrOfPinnedArrayElement(pinnedName, 0);

    /// <summary>
    /// Reads the model's input or output names, kept as NUL-terminated UTF-8 in arrays on the pinned heap: they never
    /// move and live as long as the session object, so a run needs no marshalling.
    /// </summary>
    private static Dictionary<string, byte[]> ReadNames(
        OrtApi api, IntPtr session, IntPtr allocator,
        delegate* unmanaged<IntPtr, nuint*, IntPtr> getCount,
        delegate* unmanaged<IntPtr, nuint, IntPtr, byte**, IntPtr> getName)
    {
        nuint count;
        api.Check(getCount(session, &count));
        var names = new Dictionary<string, byte[]>((int)count, StringComparer.Ordinal);
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            api.Check(getName(session, i, allocator, &name));
            var text = Marshal.PtrToStringUTF8((IntPtr)name)!;
            api.Check(api.AllocatorFree(allocator, name));
            var utf8 = NativeText.ToUtf8(text);
            var pinned = GC.AllocateArray<byte>(utf8.Length, pinned: true);
            utf8.CopyTo(pinned, 0);
            names[text] = pinned;
        }
        return names;
    }
}
