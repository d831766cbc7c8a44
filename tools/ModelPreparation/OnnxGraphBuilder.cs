using System.Buffers.Binary;
using FitnessAssistant.ModelPreparation.Onnx;
using Google.Protobuf;
using DataType = FitnessAssistant.ModelPreparation.Onnx.TensorProto.Types.DataType;

namespace FitnessAssistant.ModelPreparation;

/// <summary>A value's element type and static shape: -1 for an unknown dimension, a null shape for an unknown rank.</summary>
internal sealed record TensorInfo(DataType Type, long[]? Shape)
{
    public int? Rank => Shape?.Length;

    public override string ToString()
        => $"{Type}[{(Shape is null ? "?" : string.Join(",", Shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))))}]";
}

/// <summary>
/// Builds an ONNX graph while tracking every value's element type and static shape, which the op mapping needs
/// (ONNX wants explicit axes and permutations where TensorFlow infers them), and the values of integer constants.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new();
    private readonly Dictionary<string, TensorInfo> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _integerConstants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _unusedInitializers = new(StringComparer.Ordinal);

    public int NodeCount => _graph.Node.Count;

    public TensorInfo Info(string name)
        => _values.TryGetValue(name, out var info) ? info : throw new InvalidOperationException($"No value named '{name}' has been defined yet.");

    public bool TryGetIntegerConstant(string name, out long[] constant) => _integerConstants.TryGetValue(name, out constant!);

    /// <summary>A fresh value name derived from <paramref name="hint"/>.</summary>
    public string NewName(string hint)
    {
        var name = hint;
        for (var i = 1; !_names.Add(name); i++)
        {
            name = $"{hint}_{i}";
        }
        return name;
    }

    public void AddInput(string name, DataType type, long[]? shape)
    {
        Define(name, new TensorInfo(type, shape));
        _graph.Input.Add(ValueInfo(name, type, shape));
    }

    public void AddOutput(string name)
    {
        var info = Info(name);
        if (_unusedInitializers.Remove(name, out var initializer))
        {
            _graph.Initializer.Add(initializer);
        }
        _graph.Output.Add(ValueInfo(name, info.Type, info.Shape));
    }

    /// <summary>
    /// A constant (an initializer; <paramref name="littleEndian"/> holds its elements). It is written into the model
    /// only once a node reads it: constants that the mapping turns into attributes (axes, permutations) stay out.
    /// </summary>
    public string AddInitializer(string name, DataType type, long[] dims, ReadOnlySpan<byte> littleEndian)
    {
        Define(name, new TensorInfo(type, dims));
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        tensor.Dims.AddRange(dims);
        _unusedInitializers[name] = tensor;
        if (type is DataType.Int64 or DataType.Int32)
        {
            _integerConstants[name] = ReadIntegers(type, littleEndian);
        }
        return name;
    }

    /// <summary>A 1-D int64 constant (axes, shapes, slice bounds).</summary>
    public string Int64Constant(string hint, params long[] elements)
    {
        var bytes = new byte[elements.Length * sizeof(long)];
        for (var i = 0; i < elements.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), elements[i]);
        }
        return AddInitializer(NewName(hint), DataType.Int64, [elements.Length], bytes);
    }

    /// <summary>Adds a node with one output.</summary>
    public string AddNode(string opType, string output, TensorInfo outputInfo, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        AddNode(opType, [output], [outputInfo], inputs, attributes);
        return output;
    }

    public void AddNode(string opType, IReadOnlyList<string> outputs, IReadOnlyList<TensorInfo> outputInfos, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = NewNodeName(outputs[0]) };
        node.Input.AddRange(inputs);
        foreach (var input in node.Input)
        {
            if (_unusedInitializers.Remove(input, out var initializer))
            {
                _graph.Initializer.Add(initializer);
            }
        }
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        for (var i = 0; i < outputs.Count; i++)
        {
            Define(outputs[i], outputInfos[i]);
        }
        _graph.Node.Add(node);
    }

    public GraphProto Build(string name)
    {
        _graph.Name = name;
        return _graph;
    }

    public static AttributeProto Attribute(string name, long value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Attribute(string name, long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto Attribute(string name, string value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Attribute(string name, TensorProto value)
        => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    private void Define(string name, TensorInfo info)
    {
        if (_values.ContainsKey(name))
        {
            throw new InvalidOperationException($"The value '{name}' is defined twice.");
        }
        _names.Add(name);
        _values[name] = info;
    }

    private string NewNodeName(string output) => $"node/{output}";

    private static long[] ReadIntegers(DataType type, ReadOnlySpan<byte> bytes)
    {
        var size = type == DataType.Int64 ? sizeof(long) : sizeof(int);
        var result = new long[bytes.Length / size];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = size == sizeof(long)
                ? BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * size)..])
                : BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * size)..]);
        }
        return result;
    }

    private static ValueInfoProto ValueInfo(string name, DataType type, long[]? shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = (int)type };
        if (shape is not null)
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var dimension in shape)
            {
                // An unknown dimension is a dimension with neither a value nor a name.
                tensorType.Shape.Dim.Add(dimension >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = dimension } : new TensorShapeProto.Types.Dimension());
            }
        }
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
