using FitnessAssistant.EmbeddingService.ModelPreparation;
using FitnessAssistant.EmbeddingService.ModelPreparation.Onnx;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.EmbeddingService.Onnx;
using Google.Protobuf;
using DataType = FitnessAssistant.EmbeddingService.ModelPreparation.Onnx.TensorProto.Types.DataType;

namespace FitnessAssistant.EmbeddingService.Tests.Onnx;

/// <summary>The binding against the real libonnxruntime.so.1 from the npm package.</summary>
public sealed class OnnxRuntimeBindingTests : IDisposable
{
    private readonly OnnxRuntime runtime = OnnxRuntime.Load(FitnessAssistantHome.OnnxRuntimeLibrary);
    private readonly OrtEnvironment environment;
    private readonly string scratch = Directory.CreateTempSubdirectory("ort-binding-").FullName;

    public OnnxRuntimeBindingTests() => environment = OrtEnvironment.Create(runtime, "binding-tests");

    [Fact]
    public void The_runtime_reports_its_version() => runtime.Version.Should().MatchRegex(@"^1\.\d+\.\d+");

    [Fact]
    public void An_error_status_becomes_an_exception_with_the_runtime_code_and_message()
    {
        var exception = runtime.RoundTripStatus(OrtErrorCode.InvalidGraph, "a message that went through ORT");

        exception.Code.Should().Be(OrtErrorCode.InvalidGraph);
        exception.RuntimeMessage.Should().Be("a message that went through ORT");
    }

    [Fact]
    public void A_model_runs_on_managed_buffers()
    {
        using var session = CreateSession(AddModel());
        using var a = OrtTensor.FromArray(runtime, [1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        using var b = OrtTensor.FromArray(runtime, [10f, 20f, 30f], 3);

        var outputs = session.Run([new("a", a), new("b", b)], ["sum"]);
        using var sum = outputs[0];

        sum.ElementType.Should().Be(TensorElementType.Float);
        sum.Shape.Should().Equal(2, 3);
        sum.ToArray<float>().Should().Equal(11f, 22f, 33f, 14f, 25f, 36f);
        session.InputNames.Should().BeEquivalentTo("a", "b");
        session.OutputNames.Should().BeEquivalentTo("sum");
    }

    [Fact]
    public void A_failed_run_raises_the_runtime_message()
    {
        using var session = CreateSession(AddModel());
        using var a = OrtTensor.FromArray(runtime, [1f, 2f, 3f, 4f], 2, 2);
        using var b = OrtTensor.FromArray(runtime, [10f, 20f, 30f], 3);

        var run = () => session.Run([new("a", a), new("b", b)], ["sum"]);

        run.Should().Throw<OrtException>().Which.RuntimeMessage.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_wrong_element_type_is_refused_by_the_runtime()
    {
        using var session = CreateSession(AddModel());
        using var a = OrtTensor.FromArray(runtime, [1L, 2L, 3L], 1, 3);
        using var b = OrtTensor.FromArray(runtime, [10f, 20f, 30f], 3);

        var run = () => session.Run([new("a", a), new("b", b)], ["sum"]);

        run.Should().Throw<OrtException>().Which.Code.Should().Be(OrtErrorCode.InvalidArgument);
    }

    [Fact]
    public void Unknown_input_and_output_names_are_refused_before_running()
    {
        using var session = CreateSession(AddModel());
        using var a = OrtTensor.FromArray(runtime, [1f], 1, 1);

        FluentActions.Invoking(() => session.Run([new("nope", a)], ["sum"])).Should().Throw<ArgumentException>().WithMessage("*no input 'nope'*");
        FluentActions.Invoking(() => session.Run([new("a", a)], ["nope"])).Should().Throw<ArgumentException>().WithMessage("*no output 'nope'*");
    }

    [Fact]
    public void A_missing_model_file_raises_the_runtime_error()
    {
        using var options = new OrtSessionOptions(runtime);

        var create = () => OrtSession.Create(environment, Path.Combine(scratch, "missing.onnx"), options);

        create.Should().Throw<OrtException>().Which.RuntimeMessage.Should().Contain("missing.onnx");
    }

    [Fact]
    public void A_file_that_is_not_a_model_raises_the_runtime_error()
    {
        var path = Path.Combine(scratch, "garbage.onnx");
        File.WriteAllBytes(path, [0xff, 0xff, 0xff, 0x01, 0x02]);
        using var options = new OrtSessionOptions(runtime);

        FluentActions.Invoking(() => OrtSession.Create(environment, path, options)).Should().Throw<OrtException>();
    }

    [Fact]
    public void Session_options_accept_threads_optimisation_and_configuration()
    {
        using var options = new OrtSessionOptions(runtime)
            .SetIntraOpThreads(1).SetInterOpThreads(1).SetExecutionMode(ExecutionMode.Sequential)
            .SetGraphOptimizationLevel(GraphOptimizationLevel.Basic)
            .AddConfigEntry("session.intra_op.allow_spinning", "0");

        using var session = OrtSession.Create(environment, AddModel(), options);
        session.InputNames.Should().HaveCount(2);
    }

    [Fact]
    public void A_tensor_whose_shape_does_not_match_its_buffer_is_refused()
        => FluentActions.Invoking(() => OrtTensor.FromArray(runtime, [1f, 2f, 3f], 2, 2)).Should().Throw<ArgumentException>();

    [Fact]
    public void Loading_a_second_runtime_library_is_refused()
        => FluentActions.Invoking(() => OnnxRuntime.Load(Path.Combine(scratch, "other.so"))).Should().Throw<InvalidOperationException>();

    [Fact]
    public void Disposing_twice_is_harmless()
    {
        var session = CreateSession(AddModel());
        session.Dispose();
        session.Dispose();
    }

    public void Dispose()
    {
        environment.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    private OrtSession CreateSession(string path)
    {
        using var options = new OrtSessionOptions(runtime);
        return OrtSession.Create(environment, path, options);
    }

    /// <summary>A one-node ONNX model, sum = a + b (b broadcast over the rows), written by the converter's builder.</summary>
    private string AddModel()
    {
        var graph = new OnnxGraphBuilder();
        graph.AddInput("a", DataType.Float, [-1, 3]);
        graph.AddInput("b", DataType.Float, [3]);
        graph.AddNode("Add", "sum", new TensorInfo(DataType.Float, [-1, 3]), ["a", "b"]);
        graph.AddOutput("sum");
        var model = new ModelProto { IrVersion = TfToOnnxConverter.IrVersion, Graph = graph.Build("add") };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = TfToOnnxConverter.OpsetVersion });
        var path = Path.Combine(scratch, "add.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }
}
