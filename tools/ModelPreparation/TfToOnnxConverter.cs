using System.Buffers.Binary;
using System.Globalization;
using FitnessAssistant.ModelPreparation.Onnx;
using static FitnessAssistant.ModelPreparation.OnnxGraphBuilder;
using DataType = FitnessAssistant.ModelPreparation.Onnx.TensorProto.Types.DataType;

namespace FitnessAssistant.ModelPreparation;

/// <summary>
/// Converts a TensorFlow graph (as a TF.js graph model) into an ONNX model, node by node: every TensorFlow op maps
/// to one or a few ONNX ops (opset 18) with the same semantics, so the ONNX model computes what the TF.js reference
/// computes. Only the nodes the requested outputs depend on are converted. ONNX values keep TensorFlow's tensor
/// names (<c>node</c>, <c>node:1</c>), so the model's inputs and output are named as in the TensorFlow graph.
/// </summary>
/// <remarks>
/// The mapping covers the ops of the Universal Sentence Encoder Lite graph (docs/embedding.md lists them); any other
/// op, or an attribute value the mapping does not cover, stops the conversion with a message naming the node.
/// </remarks>
internal sealed class TfToOnnxConverter
{
    public const int OpsetVersion = 18;
    public const long IrVersion = 8;

    private readonly TfjsGraphModel _model;
    private readonly Dictionary<string, TfNode> _nodesByName;
    private readonly OnnxGraphBuilder _graph = new();
    private readonly SortedDictionary<string, int> _convertedOps = new(StringComparer.Ordinal);

    private TfToOnnxConverter(TfjsGraphModel model)
    {
        _model = model;
        _nodesByName = model.Nodes.ToDictionary(node => node.Name, StringComparer.Ordinal);
    }

    /// <summary>How many nodes of each TensorFlow op were converted.</summary>
    public IReadOnlyDictionary<string, int> ConvertedOps => _convertedOps;

    public static (ModelProto Model, IReadOnlyDictionary<string, int> ConvertedOps) Convert(
        TfjsGraphModel model, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string producerVersion, Action<string>? progress = null)
    {
        var converter = new TfToOnnxConverter(model);
        var onnx = converter.Run(inputs, outputs, producerVersion, progress);
        return (onnx, converter.ConvertedOps);
    }

    private ModelProto Run(IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, string producerVersion, Action<string>? progress)
    {
        var order = TopologicalOrder(outputs.Select(NodeNameOf));
        foreach (var input in inputs)
        {
            if (!order.Any(node => node.Name == input && node.Op == "Placeholder"))
            {
                throw new InvalidDataException($"The graph input '{input}' is not a Placeholder the outputs depend on.");
            }
        }
        var stray = order.Where(node => node.Op == "Placeholder" && !inputs.Contains(node.Name)).Select(node => node.Name).ToList();
        if (stray.Count > 0)
        {
            throw new InvalidDataException($"The outputs depend on placeholders not declared as inputs: {string.Join(", ", stray)}.");
        }

        var reported = 0;
        for (var i = 0; i < order.Count; i++)
        {
            var node = order[i];
            try
            {
                ConvertNode(node);
            }
            catch (Exception exception) when (exception is not ConversionException)
            {
                throw new ConversionException(node, exception.Message, exception);
            }
            _convertedOps[node.Op] = _convertedOps.GetValueOrDefault(node.Op) + 1;
            var percent = (i + 1) * 100 / order.Count;
            if (percent >= reported + 25 || i + 1 == order.Count)
            {
                reported = percent;
                progress?.Invoke($"converted {i + 1}/{order.Count} TensorFlow nodes ({percent}%) into {_graph.NodeCount} ONNX nodes");
            }
        }
        foreach (var output in outputs)
        {
            _graph.AddOutput(Ref(output));
        }

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "FitnessAssistant.EmbeddingService model preparation",
            ProducerVersion = producerVersion,
            Graph = _graph.Build("converted_tfjs_graph"),
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return onnx;
    }

    private List<TfNode> TopologicalOrder(IEnumerable<string> outputNodes)
    {
        var order = new List<TfNode>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: in progress, true: done
        var stack = new Stack<(TfNode Node, bool Expanded)>();
        foreach (var output in outputNodes)
        {
            stack.Push((Node(output), false));
        }
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded)
            {
                state[node.Name] = true;
                order.Add(node);
                continue;
            }
            if (state.TryGetValue(node.Name, out var done))
            {
                if (!done)
                {
                    throw new InvalidDataException($"The graph has a cycle through {node.Name}.");
                }
                continue;
            }
            state[node.Name] = false;
            stack.Push((node, true));
            foreach (var input in DataInputs(node).Reverse())
            {
                var producer = Node(NodeNameOf(input));
                if (!state.TryGetValue(producer.Name, out var producerDone))
                {
                    stack.Push((producer, false));
                }
                else if (!producerDone)
                {
                    throw new InvalidDataException($"The graph has a cycle through {producer.Name}.");
                }
            }
        }
        return order;
    }

    private TfNode Node(string name)
        => _nodesByName.TryGetValue(name, out var node) ? node : throw new InvalidDataException($"The graph has no node '{name}'.");

    /// <summary>Data inputs as ONNX value names; control dependencies (<c>^node</c>) carry no data and are dropped.</summary>
    private static IEnumerable<string> DataInputs(TfNode node) => node.Inputs.Where(input => !input.StartsWith('^')).Select(Ref);

    /// <summary>TensorFlow's <c>node:0</c> and <c>node</c> are the same tensor; other outputs keep their <c>:k</c>.</summary>
    private static string Ref(string tensor) => tensor.EndsWith(":0", StringComparison.Ordinal) ? tensor[..^2] : tensor;

    private static string NodeNameOf(string tensor)
    {
        var colon = tensor.LastIndexOf(':');
        return colon > 0 && int.TryParse(tensor.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _) ? tensor[..colon] : tensor;
    }

    private void ConvertNode(TfNode node)
    {
        var inputs = DataInputs(node).ToList();
        switch (node.Op)
        {
            case "Placeholder":
                _graph.AddInput(node.Name, OnnxType(node.Type("dtype")), node.Shape("shape"));
                break;
            case "Const":
                Constant(node);
                break;
            case "Add" or "AddV2":
                Binary(node, inputs, "Add");
                break;
            case "Sub":
                Binary(node, inputs, "Sub");
                break;
            case "Mul":
                Binary(node, inputs, "Mul");
                break;
            case "RealDiv":
                Binary(node, inputs, "Div");
                break;
            case "Maximum":
                Binary(node, inputs, "Max");
                break;
            case "Less":
                Binary(node, inputs, "Less", comparison: true);
                break;
            case "Greater":
                Binary(node, inputs, "Greater", comparison: true);
                break;
            case "LogicalNot":
                Unary(node, inputs, "Not");
                break;
            case "Relu" or "Tanh" or "Sin" or "Cos":
                Unary(node, inputs, node.Op);
                break;
            case "Softmax":
                // TensorFlow's softmax runs over the last axis; ONNX (opset 13+) takes the axis explicitly.
                _graph.AddNode("Softmax", node.Name, _graph.Info(inputs[0]), [inputs[0]], Attribute("axis", -1));
                break;
            case "Square":
                _graph.AddNode("Mul", node.Name, _graph.Info(inputs[0]), [inputs[0], inputs[0]]);
                break;
            case "Rsqrt":
                var root = _graph.AddNode("Sqrt", _graph.NewName($"{node.Name}/sqrt"), _graph.Info(inputs[0]), [inputs[0]]);
                _graph.AddNode("Reciprocal", node.Name, _graph.Info(inputs[0]), [root]);
                break;
            case "Cast":
                _graph.AddNode("Cast", node.Name, _graph.Info(inputs[0]) with { Type = OnnxType(node.Type("DstT")) }, [inputs[0]],
                    Attribute("to", (long)OnnxType(node.Type("DstT"))));
                break;
            case "Shape":
                Shape(node, inputs);
                break;
            case "Reshape":
                Reshape(node, inputs);
                break;
            case "ExpandDims":
                ExpandDims(node, inputs);
                break;
            case "Squeeze":
                Squeeze(node, inputs);
                break;
            case "Transpose":
                Transpose(node, inputs);
                break;
            case "ConcatV2":
                Concat(node, inputs);
                break;
            case "Pack":
                Pack(node, inputs);
                break;
            case "GatherV2":
                Gather(node, inputs);
                break;
            case "GatherNd":
                GatherNd(node, inputs);
                break;
            case "Where":
                Where(node, inputs);
                break;
            case "StridedSlice":
                StridedSlice(node, inputs);
                break;
            case "Slice":
                Slice(node, inputs);
                break;
            case "SplitV":
                SplitV(node, inputs);
                break;
            case "Max":
                Reduce(node, inputs, "ReduceMax");
                break;
            case "Sum":
                Reduce(node, inputs, "ReduceSum");
                break;
            case "Prod":
                Reduce(node, inputs, "ReduceProd");
                break;
            case "Mean":
                Reduce(node, inputs, "ReduceMean");
                break;
            case "Range":
                _graph.AddNode("Range", node.Name, new TensorInfo(_graph.Info(inputs[0]).Type, [-1]), inputs);
                break;
            case "MatMul":
                MatMul(node, inputs, node.Bool("transpose_a"), node.Bool("transpose_b"));
                break;
            case "BatchMatMul" or "BatchMatMulV2":
                MatMul(node, inputs, node.Bool("adj_x"), node.Bool("adj_y"));
                break;
            case "BiasAdd":
                BiasAdd(node, inputs);
                break;
            case "Conv2D":
                PointwiseConv2D(node, inputs);
                break;
            case "ScatterNd":
                ScatterNd(node, inputs);
                break;
            case "SparseToDense":
                SparseToDense(node, inputs);
                break;
            default:
                throw new ConversionException(node, $"the TensorFlow op {node.Op} has no ONNX mapping in this converter");
        }
    }

    private void Constant(TfNode node)
    {
        if (!_model.Weights.TryGetValue(node.Name, out var weight))
        {
            throw new InvalidDataException($"no weight holds the value of constant {node.Name}");
        }
        var type = OnnxType(node.Type("dtype"));
        var data = weight.Data.Span;
        if (type == DataType.Int64 && weight.DType == "int32")
        {
            // TF.js stores int64 constants as int32; ONNX needs them at their declared width to type-check.
            var widened = new byte[data.Length * 2];
            for (var i = 0; i < data.Length / 4; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(widened.AsSpan(i * 8), BinaryPrimitives.ReadInt32LittleEndian(data[(i * 4)..]));
            }
            _graph.AddInitializer(node.Name, type, weight.Shape, widened);
            return;
        }
        var stored = weight.DType switch
        {
            "float32" => DataType.Float,
            "int32" => DataType.Int32,
            "bool" => DataType.Bool,
            _ => DataType.Undefined,
        };
        if (stored != type)
        {
            throw new NotSupportedException($"the constant is declared {type} but stored as {weight.DType}");
        }
        _graph.AddInitializer(node.Name, type, weight.Shape, data);
    }

    private void Binary(TfNode node, List<string> inputs, string opType, bool comparison = false)
    {
        var left = _graph.Info(inputs[0]);
        var right = _graph.Info(inputs[1]);
        if (left.Type != right.Type)
        {
            throw new NotSupportedException($"the operands are {left} and {right}; ONNX needs one element type");
        }
        _graph.AddNode(opType, node.Name, new TensorInfo(comparison ? DataType.Bool : left.Type, Broadcast(left.Shape, right.Shape)), inputs);
    }

    private void Unary(TfNode node, List<string> inputs, string opType)
        => _graph.AddNode(opType, node.Name, _graph.Info(inputs[0]), [inputs[0]]);

    private void Shape(TfNode node, List<string> inputs)
    {
        var rank = _graph.Info(inputs[0]).Rank;
        var shapeInfo = new TensorInfo(DataType.Int64, [rank ?? -1]);
        var outType = node.HasAttribute("out_type") ? OnnxType(node.Type("out_type")) : DataType.Int32;
        if (outType == DataType.Int64)
        {
            _graph.AddNode("Shape", node.Name, shapeInfo, [inputs[0]]);
            return;
        }
        // ONNX's Shape is always int64; TensorFlow's is usually int32 and the ops downstream expect that.
        var shape = _graph.AddNode("Shape", _graph.NewName($"{node.Name}/int64"), shapeInfo, [inputs[0]]);
        _graph.AddNode("Cast", node.Name, shapeInfo with { Type = outType }, [shape], Attribute("to", (long)outType));
    }

    private void Reshape(TfNode node, List<string> inputs)
    {
        var shape = AsInt64(inputs[1]);
        long[]? outputShape = _graph.TryGetIntegerConstant(shape, out var constant)
            ? constant
            : _graph.Info(inputs[1]).Shape is [var length] && length >= 0 ? Enumerable.Repeat(-1L, (int)length).ToArray() : null;
        // allowzero: a 0 in the shape means an empty dimension, as in TensorFlow, not "copy the input's".
        _graph.AddNode("Reshape", node.Name, _graph.Info(inputs[0]) with { Shape = outputShape }, [inputs[0], shape], Attribute("allowzero", 1));
    }

    private void ExpandDims(TfNode node, List<string> inputs)
    {
        var info = _graph.Info(inputs[0]);
        var axis = ConstantScalar(inputs[1]);
        long[]? shape = null;
        if (info.Shape is { } input)
        {
            var position = (int)(axis < 0 ? axis + input.Length + 1 : axis);
            shape = [.. input[..position], 1, .. input[position..]];
        }
        _graph.AddNode("Unsqueeze", node.Name, info with { Shape = shape }, [inputs[0], _graph.Int64Constant($"{node.Name}/axes", axis)]);
    }

    private void Squeeze(TfNode node, List<string> inputs)
    {
        var info = _graph.Info(inputs[0]);
        var axes = node.Ints("squeeze_dims");
        if (axes.Length == 0)
        {
            _graph.AddNode("Squeeze", node.Name, info with { Shape = info.Shape is { } s && s.All(d => d >= 0) ? s.Where(d => d != 1).ToArray() : null }, [inputs[0]]);
            return;
        }
        long[]? shape = null;
        if (info.Shape is { } input)
        {
            var removed = axes.Select(axis => axis < 0 ? axis + input.Length : axis).ToHashSet();
            shape = input.Where((_, i) => !removed.Contains(i)).ToArray();
        }
        _graph.AddNode("Squeeze", node.Name, info with { Shape = shape }, [inputs[0], _graph.Int64Constant($"{node.Name}/axes", axes)]);
    }

    private void Transpose(TfNode node, List<string> inputs)
    {
        var info = _graph.Info(inputs[0]);
        var permutation = ConstantValues(inputs[1]);
        _graph.AddNode("Transpose", node.Name, info with { Shape = info.Shape is { } s ? permutation.Select(p => s[p]).ToArray() : null },
            [inputs[0]], Attribute("perm", permutation));
    }

    private void Concat(TfNode node, List<string> inputs)
    {
        var parts = inputs[..^1];
        var axis = ConstantScalar(inputs[^1]);
        var infos = parts.Select(_graph.Info).ToList();
        long[]? shape = null;
        if (infos.All(i => i.Shape is not null))
        {
            var rank = infos[0].Shape!.Length;
            var position = (int)(axis < 0 ? axis + rank : axis);
            shape = [.. infos[0].Shape!];
            shape[position] = infos.All(i => i.Shape![position] >= 0) ? infos.Sum(i => i.Shape![position]) : -1;
        }
        _graph.AddNode("Concat", node.Name, infos[0] with { Shape = shape }, parts, Attribute("axis", axis));
    }

    private void Pack(TfNode node, List<string> inputs)
    {
        var axis = node.Int("axis");
        var info = _graph.Info(inputs[0]);
        var axes = _graph.Int64Constant($"{node.Name}/axes", axis);
        long[]? unsqueezedShape = null;
        long[]? shape = null;
        if (info.Shape is { } input)
        {
            var position = (int)(axis < 0 ? axis + input.Length + 1 : axis);
            unsqueezedShape = [.. input[..position], 1, .. input[position..]];
            shape = [.. input[..position], inputs.Count, .. input[position..]];
        }
        var parts = inputs.Select(input => _graph.AddNode("Unsqueeze", _graph.NewName($"{node.Name}/unsqueeze"), info with { Shape = unsqueezedShape }, [input, axes])).ToList();
        _graph.AddNode("Concat", node.Name, info with { Shape = shape }, parts, Attribute("axis", axis));
    }

    private void Gather(TfNode node, List<string> inputs)
    {
        if (node.Int("batch_dims") != 0)
        {
            throw new NotSupportedException("GatherV2 with batch_dims is not mapped");
        }
        var data = _graph.Info(inputs[0]);
        var indices = _graph.Info(inputs[1]);
        var axis = ConstantScalar(inputs[2]);
        long[]? shape = null;
        if (data.Shape is { } d && indices.Shape is { } i)
        {
            var position = (int)(axis < 0 ? axis + d.Length : axis);
            shape = [.. d[..position], .. i, .. d[(position + 1)..]];
        }
        _graph.AddNode("Gather", node.Name, data with { Shape = shape }, [inputs[0], inputs[1]], Attribute("axis", axis));
    }

    private void GatherNd(TfNode node, List<string> inputs)
    {
        var data = _graph.Info(inputs[0]);
        var indices = _graph.Info(inputs[1]);
        long[]? shape = null;
        if (data.Shape is { } d && indices.Shape is { Length: > 0 } i && i[^1] >= 0)
        {
            shape = [.. i[..^1], .. d[(int)i[^1]..]];
        }
        _graph.AddNode("GatherND", node.Name, data with { Shape = shape }, [inputs[0], AsInt64(inputs[1])]);
    }

    private void Where(TfNode node, List<string> inputs)
    {
        if (inputs.Count != 1)
        {
            throw new NotSupportedException("Where with three inputs (select) is not mapped");
        }
        // TensorFlow lists the coordinates of true elements as rows [n, rank]; ONNX's NonZero as columns [rank, n].
        var rank = _graph.Info(inputs[0]).Rank ?? -1;
        var columns = _graph.AddNode("NonZero", _graph.NewName($"{node.Name}/nonzero"), new TensorInfo(DataType.Int64, [rank, -1]), [inputs[0]]);
        _graph.AddNode("Transpose", node.Name, new TensorInfo(DataType.Int64, [-1, rank]), [columns], Attribute("perm", [1, 0]));
    }

    private void StridedSlice(TfNode node, List<string> inputs)
    {
        if (node.Int("ellipsis_mask") != 0 || node.Int("new_axis_mask") != 0)
        {
            throw new NotSupportedException("StridedSlice with an ellipsis or new-axis mask is not mapped");
        }
        var info = _graph.Info(inputs[0]);
        var begin = ConstantValues(inputs[1]);
        var end = ConstantValues(inputs[2]);
        var strides = ConstantValues(inputs[3]);
        var beginMask = node.Int("begin_mask");
        var endMask = node.Int("end_mask");
        var shrinkMask = node.Int("shrink_axis_mask");

        var starts = new long[begin.Length];
        var ends = new long[begin.Length];
        var shrunk = new List<long>();
        long[]? shape = info.Shape is { } s ? [.. s] : null;
        for (var axis = 0; axis < begin.Length; axis++)
        {
            var bit = 1L << axis;
            var step = strides[axis];
            if ((shrinkMask & bit) != 0)
            {
                // One element at `begin`, then the axis is dropped.
                starts[axis] = begin[axis];
                ends[axis] = begin[axis] == -1 ? long.MaxValue : begin[axis] + 1;
                shrunk.Add(axis);
                continue;
            }
            starts[axis] = (beginMask & bit) != 0 ? (step > 0 ? 0 : long.MaxValue) : begin[axis];
            ends[axis] = (endMask & bit) != 0 ? (step > 0 ? long.MaxValue : long.MinValue) : end[axis];
            if (shape is not null)
            {
                shape[axis] = SliceLength(shape[axis], starts[axis], ends[axis], step);
            }
        }
        var axes = Enumerable.Range(0, begin.Length).Select(a => (long)a).ToArray();
        var sliceShape = shape is null ? null : shape.Select((d, a) => shrunk.Contains(a) ? 1 : d).ToArray();
        var slice = _graph.AddNode("Slice", shrunk.Count > 0 ? _graph.NewName($"{node.Name}/slice") : node.Name, info with { Shape = sliceShape },
            [inputs[0], _graph.Int64Constant($"{node.Name}/starts", starts), _graph.Int64Constant($"{node.Name}/ends", ends),
             _graph.Int64Constant($"{node.Name}/axes", axes), _graph.Int64Constant($"{node.Name}/steps", strides)]);
        if (shrunk.Count > 0)
        {
            var squeezedShape = shape?.Where((_, a) => !shrunk.Contains(a)).ToArray();
            _graph.AddNode("Squeeze", node.Name, info with { Shape = squeezedShape }, [slice, _graph.Int64Constant($"{node.Name}/shrink", [.. shrunk])]);
        }
    }

    private void Slice(TfNode node, List<string> inputs)
    {
        var info = _graph.Info(inputs[0]);
        var begin = ConstantValues(inputs[1]);
        var size = ConstantValues(inputs[2]);
        // TensorFlow gives a size per axis (-1: to the end); ONNX wants end positions.
        var ends = begin.Zip(size, (b, n) => n == -1 ? long.MaxValue : b + n).ToArray();
        var shape = info.Shape is { } s ? s.Select((d, a) => size[a] >= 0 ? size[a] : d >= 0 ? d - begin[a] : -1).ToArray() : null;
        _graph.AddNode("Slice", node.Name, info with { Shape = shape },
            [inputs[0], _graph.Int64Constant($"{node.Name}/starts", begin), _graph.Int64Constant($"{node.Name}/ends", ends),
             _graph.Int64Constant($"{node.Name}/axes", [.. Enumerable.Range(0, begin.Length).Select(a => (long)a)])]);
    }

    private void SplitV(TfNode node, List<string> inputs)
    {
        var info = _graph.Info(inputs[0]);
        var sizes = ConstantValues(inputs[1]);
        var axis = ConstantScalar(inputs[2]);
        var position = info.Shape is { } s ? (int)(axis < 0 ? axis + s.Length : axis) : -1;
        if (sizes.Contains(-1))
        {
            var total = position >= 0 ? info.Shape![position] : -1;
            if (total < 0)
            {
                throw new NotSupportedException("SplitV with a -1 size needs the split axis's length to be known");
            }
            sizes = sizes.Select(size => size == -1 ? total - sizes.Where(x => x != -1).Sum() : size).ToArray();
        }
        var outputs = Enumerable.Range(0, sizes.Length).Select(i => i == 0 ? node.Name : $"{node.Name}:{i}").ToList();
        var infos = sizes.Select(size => info with { Shape = info.Shape is { } shape ? shape.Select((d, a) => a == position ? size : d).ToArray() : null }).ToList();
        _graph.AddNode("Split", outputs, infos, [inputs[0], _graph.Int64Constant($"{node.Name}/split", sizes)], Attribute("axis", axis));
    }

    private void Reduce(TfNode node, List<string> inputs, string opType)
    {
        var info = _graph.Info(inputs[0]);
        var axes = ConstantValues(inputs[1]);
        var keep = node.Bool("keep_dims");
        long[]? shape = null;
        if (info.Shape is { } s)
        {
            var reduced = axes.Select(axis => axis < 0 ? axis + s.Length : axis).ToHashSet();
            shape = keep ? s.Select((d, a) => reduced.Contains(a) ? 1 : d).ToArray() : s.Where((_, a) => !reduced.Contains(a)).ToArray();
        }
        _graph.AddNode(opType, node.Name, info with { Shape = shape }, [inputs[0], _graph.Int64Constant($"{node.Name}/axes", axes)],
            Attribute("keepdims", keep ? 1 : 0));
    }

    private void MatMul(TfNode node, List<string> inputs, bool transposeLeft, bool transposeRight)
    {
        var left = transposeLeft ? TransposeLastTwo(node, inputs[0]) : inputs[0];
        var right = transposeRight ? TransposeLastTwo(node, inputs[1]) : inputs[1];
        var a = _graph.Info(left);
        var b = _graph.Info(right);
        long[]? shape = null;
        if (a.Shape is { Length: >= 2 } sa && b.Shape is { Length: >= 2 } sb)
        {
            var batch = Broadcast(sa[..^2], sb[..^2]);
            shape = batch is null ? null : [.. batch, sa[^2], sb[^1]];
        }
        _graph.AddNode("MatMul", node.Name, a with { Shape = shape }, [left, right]);
    }

    private string TransposeLastTwo(TfNode node, string input)
    {
        var info = _graph.Info(input);
        var rank = info.Rank ?? throw new NotSupportedException($"transposing {input} needs its rank, which is unknown");
        var permutation = Enumerable.Range(0, rank).Select(a => (long)a).ToArray();
        (permutation[^1], permutation[^2]) = (permutation[^2], permutation[^1]);
        return _graph.AddNode("Transpose", _graph.NewName($"{node.Name}/transpose"), info with { Shape = permutation.Select(p => info.Shape![p]).ToArray() },
            [input], Attribute("perm", permutation));
    }

    private void BiasAdd(TfNode node, List<string> inputs)
    {
        if (node.String("data_format") is { } format && format != "NHWC")
        {
            throw new NotSupportedException($"BiasAdd with data_format {format} is not mapped");
        }
        // NHWC: the bias runs along the last axis, which is plain broadcasting.
        var info = _graph.Info(inputs[0]);
        _graph.AddNode("Add", node.Name, info, inputs);
    }

    /// <summary>
    /// A 1x1 convolution with unit strides and dilations is a matrix product over the channel axis, whatever the
    /// padding: NHWC input [n,h,w,c] times the filter viewed as [c,out] gives [n,h,w,out]. Other convolutions are
    /// not mapped.
    /// </summary>
    private void PointwiseConv2D(TfNode node, List<string> inputs)
    {
        if (node.String("data_format") is { } format && format != "NHWC")
        {
            throw new NotSupportedException($"Conv2D with data_format {format} is not mapped");
        }
        if (node.Ints("strides").Any(s => s != 1) || node.Ints("dilations").Any(d => d != 1))
        {
            throw new NotSupportedException("Conv2D with strides or dilations other than 1 is not mapped");
        }
        var filterNode = Node(NodeNameOf(inputs[1]));
        if (filterNode.Op != "Const" || !_model.Weights.TryGetValue(filterNode.Name, out var filter) || filter.DType != "float32")
        {
            throw new NotSupportedException("Conv2D with a filter that is not a float constant is not mapped");
        }
        if (filter.Shape is not [1, 1, var inChannels, var outChannels])
        {
            throw new NotSupportedException($"Conv2D with a {string.Join("x", filter.Shape)} filter is not mapped (only 1x1)");
        }
        // The filter's HWIO layout with H = W = 1 is already the row-major [in, out] matrix: a reshape of the
        // constant, which ORT folds when it loads the model.
        var matrix = _graph.AddNode("Reshape", _graph.NewName($"{node.Name}/matrix"), _graph.Info(inputs[1]) with { Shape = [inChannels, outChannels] },
            [inputs[1], _graph.Int64Constant($"{node.Name}/matrix_shape", inChannels, outChannels)]);
        var info = _graph.Info(inputs[0]);
        _graph.AddNode("MatMul", node.Name, info with { Shape = info.Shape is { Length: 4 } s ? [s[0], s[1], s[2], outChannels] : null }, [inputs[0], matrix]);
    }

    /// <summary>TensorFlow's ScatterNd adds the updates into zeros of the given shape (duplicates sum).</summary>
    private void ScatterNd(TfNode node, List<string> inputs)
    {
        var updates = _graph.Info(inputs[1]);
        var shape = AsInt64(inputs[2]);
        var zero = new TensorProto { DataType = (int)updates.Type, RawData = Google.Protobuf.ByteString.CopyFrom(new byte[ElementSize(updates.Type)]) };
        zero.Dims.Add(1);
        var outputShape = OutputShapeOf(inputs[2], shape);
        var zeros = _graph.AddNode("ConstantOfShape", _graph.NewName($"{node.Name}/zeros"), updates with { Shape = outputShape }, [shape], Attribute("value", zero));
        _graph.AddNode("ScatterND", node.Name, updates with { Shape = outputShape }, [zeros, AsInt64(inputs[0]), inputs[1]], Attribute("reduction", "add"));
    }

    /// <summary>SparseToDense: the default value broadcast to the output shape, with the sparse values written in.</summary>
    private void SparseToDense(TfNode node, List<string> inputs)
    {
        var values = _graph.Info(inputs[2]);
        var fill = _graph.Info(inputs[3]);
        if (values.Type != fill.Type)
        {
            throw new NotSupportedException($"the values are {values.Type} but the default is {fill.Type}");
        }
        var shape = AsInt64(inputs[1]);
        var outputShape = OutputShapeOf(inputs[1], shape);
        var dense = _graph.AddNode("Expand", _graph.NewName($"{node.Name}/default"), values with { Shape = outputShape }, [inputs[3], shape]);
        var indices = AsInt64(inputs[0]);
        if (_graph.Info(indices).Rank == 1)
        {
            // A vector of indices addresses a 1-D output; ScatterND wants one index tuple per row.
            indices = _graph.AddNode("Unsqueeze", _graph.NewName($"{node.Name}/indices"), _graph.Info(indices) with { Shape = [-1, 1] },
                [indices, _graph.Int64Constant($"{node.Name}/axes", 1)]);
        }
        _graph.AddNode("ScatterND", node.Name, values with { Shape = outputShape }, [dense, indices, inputs[2]]);
    }

    /// <summary>The static shape of a tensor whose dimensions are given by the 1-D <paramref name="shapeTensor"/>.</summary>
    private long[]? OutputShapeOf(string shapeTensor, string shapeInt64)
        => _graph.TryGetIntegerConstant(shapeInt64, out var constant) ? constant
            : _graph.Info(shapeTensor).Shape is [var rank] && rank >= 0 ? Enumerable.Repeat(-1L, (int)rank).ToArray() : null;

    /// <summary>The value as int64, which ONNX requires for shapes, axes and indices where TensorFlow uses int32.</summary>
    private string AsInt64(string value)
    {
        var info = _graph.Info(value);
        if (info.Type == DataType.Int64)
        {
            return value;
        }
        if (_graph.TryGetIntegerConstant(value, out var constant))
        {
            var bytes = new byte[constant.Length * sizeof(long)];
            for (var i = 0; i < constant.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), constant[i]);
            }
            return _graph.AddInitializer(_graph.NewName($"{value}/int64"), DataType.Int64, info.Shape ?? [constant.Length], bytes);
        }
        return _graph.AddNode("Cast", _graph.NewName($"{value}/int64"), info with { Type = DataType.Int64 }, [value], Attribute("to", (long)DataType.Int64));
    }

    private long[] ConstantValues(string value)
        => _graph.TryGetIntegerConstant(value, out var constant)
            ? constant
            : throw new NotSupportedException($"the input {value} must be an integer constant for this mapping");

    private long ConstantScalar(string value)
        => ConstantValues(value) is [var scalar] ? scalar : throw new NotSupportedException($"the input {value} must be a single integer");

    private static long SliceLength(long dimension, long start, long end, long step)
    {
        if (dimension < 0 || step <= 0)
        {
            return -1;
        }
        static long Clamp(long position, long dimension)
            => Math.Clamp(position < 0 ? Math.Max(position + dimension, 0) : position, 0, dimension);
        var from = Clamp(start, dimension);
        var to = Clamp(end, dimension);
        return Math.Max(0, (to - from + step - 1) / step);
    }

    private static long[]? Broadcast(long[]? left, long[]? right)
    {
        if (left is null || right is null)
        {
            return null;
        }
        var rank = Math.Max(left.Length, right.Length);
        var shape = new long[rank];
        for (var i = 1; i <= rank; i++)
        {
            var a = i <= left.Length ? left[^i] : 1;
            var b = i <= right.Length ? right[^i] : 1;
            shape[^i] = a == b ? a : a == 1 ? b : b == 1 ? a : a < 0 ? b : b < 0 ? a
                : throw new NotSupportedException($"shapes [{string.Join(",", left)}] and [{string.Join(",", right)}] do not broadcast");
        }
        return shape;
    }

    private static int ElementSize(DataType type) => type switch
    {
        DataType.Float or DataType.Int32 => 4,
        DataType.Int64 or DataType.Double => 8,
        DataType.Bool or DataType.Uint8 or DataType.Int8 => 1,
        _ => throw new NotSupportedException($"no element size for {type}"),
    };

    private static DataType OnnxType(TfDataType type) => type switch
    {
        TfDataType.Float => DataType.Float,
        TfDataType.Double => DataType.Double,
        TfDataType.Int32 => DataType.Int32,
        TfDataType.Int64 => DataType.Int64,
        TfDataType.Bool => DataType.Bool,
        TfDataType.UInt8 => DataType.Uint8,
        TfDataType.Int8 => DataType.Int8,
        TfDataType.Int16 => DataType.Int16,
        _ => throw new NotSupportedException($"the TensorFlow type {type} has no ONNX mapping here"),
    };
}

/// <summary>A node the converter cannot express in ONNX, named with its op.</summary>
internal sealed class ConversionException(TfNode node, string reason, Exception? inner = null)
    : Exception($"Cannot convert node '{node.Name}' ({node.Op}): {reason}.", inner);
