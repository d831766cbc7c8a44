using FitnessAssistant.ModelPreparation;

namespace FitnessAssistant.EmbeddingService.Tests.ModelPreparation;

public sealed class TfToOnnxConverterTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("tfjs-graph-").FullName;

    [Fact]
    public void An_op_without_a_mapping_stops_the_conversion_naming_the_node()
    {
        var model = Graph("""
            { "name": "x", "op": "Placeholder", "attr": { "dtype": { "type": 1 }, "shape": { "shape": { "dim": [ { "size": "-1" } ] } } } },
            { "name": "y", "op": "Erf", "input": [ "x" ], "attr": { "T": { "type": 1 } } }
            """);

        var convert = () => TfToOnnxConverter.Convert(model, ["x"], ["y"], "test");

        convert.Should().Throw<ConversionException>().WithMessage("*'y' (Erf)*no ONNX mapping*");
    }

    [Fact]
    public void Only_the_nodes_the_outputs_depend_on_are_converted()
    {
        var model = Graph("""
            { "name": "x", "op": "Placeholder", "attr": { "dtype": { "type": 1 }, "shape": { "shape": { "dim": [ { "size": "2" } ] } } } },
            { "name": "unused", "op": "Erf", "input": [ "x" ], "attr": { "T": { "type": 1 } } },
            { "name": "y", "op": "Tanh", "input": [ "x:0" ], "attr": { "T": { "type": 1 } } }
            """);

        var (onnx, ops) = TfToOnnxConverter.Convert(model, ["x"], ["y"], "test");

        ops.Should().BeEquivalentTo(new Dictionary<string, int> { ["Placeholder"] = 1, ["Tanh"] = 1 });
        onnx.Graph.Node.Select(node => node.OpType).Should().Equal("Tanh");
        onnx.Graph.Output.Single().Name.Should().Be("y");
    }

    [Fact]
    public void A_placeholder_not_declared_as_input_is_refused()
    {
        var model = Graph("""
            { "name": "x", "op": "Placeholder", "attr": { "dtype": { "type": 1 } } },
            { "name": "y", "op": "Tanh", "input": [ "x" ], "attr": { "T": { "type": 1 } } }
            """);

        FluentActions.Invoking(() => TfToOnnxConverter.Convert(model, [], ["y"], "test"))
            .Should().Throw<InvalidDataException>().WithMessage("*placeholders not declared*x*");
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private TfjsGraphModel Graph(string nodes)
    {
        var path = Path.Combine(_scratch, "model.json");
        File.WriteAllText(path, $$"""{ "modelTopology": { "node": [ {{nodes}} ] }, "weightsManifest": [] }""");
        return TfjsGraphModel.Load(path);
    }
}
