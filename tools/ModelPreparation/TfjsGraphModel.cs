using System.Text.Json;

namespace FitnessAssistant.ModelPreparation;

/// <summary>
/// A TensorFlow.js graph model as published: <c>model.json</c> (a TensorFlow GraphDef in JSON, plus a manifest of
/// weight groups) and the binary weight shards it names, which hold every constant in manifest order.
/// </summary>
internal sealed class TfjsGraphModel
{
    private TfjsGraphModel(IReadOnlyList<TfNode> nodes, IReadOnlyDictionary<string, TfWeight> weights)
    {
        Nodes = nodes;
        Weights = weights;
    }

    public IReadOnlyList<TfNode> Nodes { get; }

    public IReadOnlyDictionary<string, TfWeight> Weights { get; }

    /// <summary>Reads model.json and its shards; reports each shard read.</summary>
    public static TfjsGraphModel Load(string modelJsonPath, Action<string>? progress = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))!;
        using var document = JsonDocument.Parse(File.ReadAllBytes(modelJsonPath));
        var root = document.RootElement;
        if (!root.TryGetProperty("modelTopology", out var topology) || !topology.TryGetProperty("node", out var nodeArray))
        {
            throw new InvalidDataException($"{modelJsonPath} is not a TF.js graph model (no modelTopology.node).");
        }

        var nodes = new List<TfNode>();
        foreach (var node in nodeArray.EnumerateArray())
        {
            var inputs = node.TryGetProperty("input", out var inputArray)
                ? inputArray.EnumerateArray().Select(input => input.GetString()!).ToList()
                : [];
            var attributes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (node.TryGetProperty("attr", out var attr))
            {
                foreach (var property in attr.EnumerateObject())
                {
                    attributes[property.Name] = property.Value.Clone();
                }
            }
            nodes.Add(new TfNode(node.GetProperty("name").GetString()!, node.GetProperty("op").GetString()!, inputs, attributes));
        }

        var weights = new Dictionary<string, TfWeight>(StringComparer.Ordinal);
        if (root.TryGetProperty("weightsManifest", out var manifest))
        {
            foreach (var group in manifest.EnumerateArray())
            {
                var data = ReadShards(directory, group.GetProperty("paths"), progress);
                var offset = 0L;
                foreach (var spec in group.GetProperty("weights").EnumerateArray())
                {
                    var name = spec.GetProperty("name").GetString()!;
                    if (spec.TryGetProperty("quantization", out _))
                    {
                        throw new NotSupportedException($"Weight {name} is quantized; the converter reads float32, int32 and bool weights only.");
                    }
                    var dtype = spec.GetProperty("dtype").GetString()!;
                    var shape = spec.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                    var count = shape.Aggregate(1L, (product, dimension) => product * dimension);
                    var bytes = count * dtype switch
                    {
                        "float32" or "int32" => 4,
                        "bool" => 1,
                        _ => throw new NotSupportedException($"Weight {name} has dtype {dtype}; the converter reads float32, int32 and bool."),
                    };
                    if (offset + bytes > data.Length)
                    {
                        throw new InvalidDataException($"The weight shards end before weight {name}.");
                    }
                    weights[name] = new TfWeight(name, dtype, shape, data.AsMemory((int)offset, (int)bytes));
                    offset += bytes;
                }
                if (offset != data.Length)
                {
                    throw new InvalidDataException($"The weight shards hold {data.Length} bytes, the manifest describes {offset}.");
                }
            }
        }
        return new TfjsGraphModel(nodes, weights);
    }

    private static byte[] ReadShards(string directory, JsonElement paths, Action<string>? progress)
    {
        var shardPaths = paths.EnumerateArray().Select(path => Path.Combine(directory, path.GetString()!)).ToList();
        var data = new byte[shardPaths.Sum(path => new FileInfo(path).Length)];
        var offset = 0;
        for (var i = 0; i < shardPaths.Count; i++)
        {
            var shard = File.ReadAllBytes(shardPaths[i]);
            shard.CopyTo(data, offset);
            offset += shard.Length;
            progress?.Invoke($"read weight shard {i + 1}/{shardPaths.Count} ({Path.GetFileName(shardPaths[i])}, {shard.Length / 1024} KiB)");
        }
        return data;
    }
}

/// <summary>One node of the TensorFlow graph: its op, inputs (<c>node</c>, <c>node:k</c>, <c>^control</c>) and attributes (AttrValue JSON).</summary>
internal sealed record TfNode(string Name, string Op, IReadOnlyList<string> Inputs, IReadOnlyDictionary<string, JsonElement> Attributes)
{
    public bool HasAttribute(string name) => Attributes.ContainsKey(name);

    public long Int(string name, long fallback = 0)
        => Attributes.TryGetValue(name, out var value) && value.TryGetProperty("i", out var i) ? ParseInt(i) : fallback;

    public bool Bool(string name, bool fallback = false)
        => Attributes.TryGetValue(name, out var value) && value.TryGetProperty("b", out var b) ? b.GetBoolean() : fallback;

    /// <summary>A string attribute; TF.js writes bytes either as a number array or as base64.</summary>
    public string? String(string name)
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("s", out var s))
        {
            return null;
        }
        var bytes = s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray().Select(b => (byte)b.GetInt32()).ToArray()
            : Convert.FromBase64String(s.GetString()!);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    public long[] Ints(string name)
        => Attributes.TryGetValue(name, out var value) && value.TryGetProperty("list", out var list) && list.TryGetProperty("i", out var items)
            ? items.EnumerateArray().Select(ParseInt).ToArray()
            : [];

    /// <summary>A TensorFlow DataType attribute (<c>{"type": 1}</c> or <c>{"type": "DT_FLOAT"}</c>).</summary>
    public TfDataType Type(string name)
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("type", out var type))
        {
            throw new InvalidDataException($"Node {Name} ({Op}) has no type attribute '{name}'.");
        }
        return type.ValueKind == JsonValueKind.Number
            ? (TfDataType)type.GetInt32()
            : Enum.Parse<TfDataType>(type.GetString()!.Replace("DT_", "", StringComparison.Ordinal), ignoreCase: true);
    }

    /// <summary>The dimensions of a shape attribute; -1 for an unknown dimension, null for an unknown rank.</summary>
    public long[]? Shape(string name)
    {
        if (!Attributes.TryGetValue(name, out var value) || !value.TryGetProperty("shape", out var shape))
        {
            return null;
        }
        if (shape.TryGetProperty("unknownRank", out var unknown) && unknown.GetBoolean())
        {
            return null;
        }
        return shape.TryGetProperty("dim", out var dims)
            ? dims.EnumerateArray().Select(d => d.TryGetProperty("size", out var size) ? ParseInt(size) : -1).ToArray()
            : [];
    }

    private static long ParseInt(JsonElement element)
        => element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : element.GetInt64();
}

/// <summary>A constant's stored value: TF.js keeps 64-bit integers as int32 in the shards.</summary>
internal sealed record TfWeight(string Name, string DType, long[] Shape, ReadOnlyMemory<byte> Data);

/// <summary>The TensorFlow DataType numbers the converter understands.</summary>
internal enum TfDataType
{
    Float = 1,
    Double = 2,
    Int32 = 3,
    UInt8 = 4,
    Int16 = 5,
    Int8 = 6,
    Int64 = 9,
    Bool = 10,
}
