using FitnessAssistant.ModelPreparation;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService.Tests.ModelPreparation;

/// <summary>The preparation from the real npm package into a scratch model store.</summary>
public sealed class ModelPreparerTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("models-").FullName;
    private readonly List<string> _progress = [];

    [Fact]
    public void A_model_is_prepared_once_with_checksums_and_skipped_afterwards()
    {
        var store = new ModelStore(_scratch);
        var preparer = new ModelPreparer(FitnessAssistantHome.NpmModules, store);

        var first = preparer.Prepare(ModelCatalog.UniversalSentenceEncoderLite, _progress.Add);

        first.Manifest.Id.Should().Be(ModelCatalog.UniversalSentenceEncoderLite.Id);
        first.Manifest.Files.Select(file => file.Path).Should().BeEquivalentTo(PreparedModel.ModelFileName, "vocab.json");
        first.Manifest.Files.Should().OnlyContain(file => file.Sha256.Length == 64 && file.Bytes > 0);
        first.Manifest.Converter!.Ops.Keys.Should().Contain(["Conv2D", "SparseToDense", "ScatterNd", "BatchMatMul"]);
        _progress.Should().Contain(line => line.Contains("converted 317/317"));
        Directory.GetDirectories(Path.Combine(_scratch, ModelCatalog.UniversalSentenceEncoderLite.Id)).Should().ContainSingle("the scratch directory is renamed into place");

        _progress.Clear();
        var second = preparer.Prepare(ModelCatalog.UniversalSentenceEncoderLite, _progress.Add);

        _progress.Should().ContainSingle(line => line.Contains("already prepared"));
        second.Manifest.PreparedAt.Should().Be(first.Manifest.PreparedAt, "the second preparation only verified the files");
    }

    [Fact]
    public void A_damaged_model_is_refused_when_opened_and_rebuilt_by_the_next_preparation()
    {
        var store = new ModelStore(_scratch);
        var preparer = new ModelPreparer(FitnessAssistantHome.NpmModules, store);
        var model = preparer.Prepare(ModelCatalog.UniversalSentenceEncoderLite, _progress.Add);
        using (var file = File.OpenWrite(model.ModelPath))
        {
            file.Position = 1000;
            file.WriteByte(0x42);
        }

        var open = () => store.Open(ModelCatalog.UniversalSentenceEncoderLite.Id, ModelCatalog.UniversalSentenceEncoderLite.Version);

        open.Should().Throw<ModelNotPreparedException>().WithMessage("*model.onnx has SHA-256*tools/ModelPreparation*");
        var rebuilt = preparer.Prepare(ModelCatalog.UniversalSentenceEncoderLite, _progress.Add);
        open.Should().NotThrow();
        rebuilt.Manifest.Files.Should().BeEquivalentTo(model.Manifest.Files, "the conversion is deterministic: the same package gives the same bytes");
    }

    [Fact]
    public void A_missing_model_is_refused_with_the_command_that_prepares_it()
        => FluentActions.Invoking(() => new ModelStore(_scratch).Open("use-lite-en", "1"))
            .Should().Throw<ModelNotPreparedException>().WithMessage("*manifest.json is missing*tools/ModelPreparation*");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
