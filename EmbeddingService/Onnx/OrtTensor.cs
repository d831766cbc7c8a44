using System.Runtime.InteropServices;

namespace FitnessAssistant.EmbeddingService.Onnx;

/// <summary>Element types of ORT tensors (<c>ONNXTensorElementDataType</c>, the same numbers as ONNX's).</summary>
public enum TensorElementType
{
    Undefined = 0,
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Double = 11,
    UInt32 = 12,
    UInt64 = 13,
}

/// <summary>
/// A dense tensor held by ORT (<c>OrtValue</c>): either an input wrapping a pinned managed array (no copy; the
/// array stays pinned until the tensor is disposed) or an output ORT allocated during a run.
/// </summary>
public sealed unsafe class OrtTensor : IDisposable
{
    private readonly OrtApi api;
    private GCHandle pin;

    private OrtTensor(OrtApi api, OrtHandle handle, GCHandle pin)
    {
        this.api = api;
        this.pin = pin;
        Handle = handle;
        using var lease = handle.Use();
        IntPtr info;
        api.Check(api.GetTensorTypeAndShape(lease.Pointer, &info));
        try
        {
            int type;
            api.Check(api.GetTensorElementType(info, &type));
            ElementType = (TensorElementType)type;
            nuint rank;
            api.Check(api.GetDimensionsCount(info, &rank));
            var shape = new long[(int)rank];
            fixed (long* dims = shape)
            {
                api.Check(api.GetDimensions(info, dims, rank));
            }
            Shape = shape;
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }
    }

    public TensorElementType ElementType { get; }

    public IReadOnlyList<long> Shape { get; }

    public long ElementCount => Shape.Aggregate(1L, (count, dimension) => count * dimension);

    internal OrtHandle Handle { get; }

    /// <summary>Wraps <paramref name="data"/> (row-major) as a tensor of <paramref name="shape"/> without copying it.</summary>
    public static OrtTensor FromArray<T>(OnnxRuntime runtime, T[] data, params ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        var count = 1L;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count *= dimension;
        }
        if (count != data.Length)
        {
            throw new ArgumentException($"A tensor of shape [{string.Join(", ", shape.ToArray())}] holds {count} elements, the array {data.Length}.", nameof(data));
        }
        var api = runtime.Api;
        var pin = GCHandle.Alloc(data, GCHandleType.Pinned);
        try
        {
            IntPtr value;
            fixed (long* dims = shape)
            {
                api.Check(api.CreateTensorWithDataAsOrtValue(
                    runtime.CpuMemoryInfo, (void*)pin.AddrOfPinnedObject(), (nuint)(data.Length * sizeof(T)),
                    dims, (nuint)shape.Length, (int)type, &value));
            }
            return new OrtTensor(api, new OrtHandle(value, api.ReleaseValue), pin);
        }
        catch
        {
            pin.Free();
            throw;
        }
    }

    /// <summary>Takes ownership of a value ORT returned from a run.</summary>
    internal static OrtTensor FromOwnedValue(OrtApi api, IntPtr value)
        => new(api, new OrtHandle(value, api.ReleaseValue), default);

    /// <summary>Copies the elements out; <typeparamref name="T"/> must match <see cref="ElementType"/>.</summary>
    public T[] ToArray<T>()
        where T : unmanaged
    {
        var type = ElementTypeOf<T>();
        if (type != ElementType)
        {
            throw new InvalidOperationException($"The tensor holds {ElementType}, not {type}.");
        }
        using var lease = Handle.Use();
        void* data;
        api.Check(api.GetTensorMutableData(lease.Pointer, &data));
        return new ReadOnlySpan<T>(data, checked((int)ElementCount)).ToArray();
    }

    public void Dispose()
    {
        Handle.Dispose();
        if (pin.IsAllocated)
        {
            pin.Free();
        }
    }

    private static TensorElementType ElementTypeOf<T>()
        where T : unmanaged
        => typeof(T) == typeof(float) ? TensorElementType.Float
            : typeof(long) == typeof(T) ? TensorElementType.Int64
            : typeof(int) == typeof(T) ? TensorElementType.Int32
            : typeof(double) == typeof(T) ? TensorElementType.Double
            : typeof(byte) == typeof(T) ? TensorElementType.UInt8
            : typeof(bool) == typeof(T) ? TensorElementType.Bool
            : throw new NotSupportedException($"No ORT tensor element type for {typeof(T).Name}.");
}
