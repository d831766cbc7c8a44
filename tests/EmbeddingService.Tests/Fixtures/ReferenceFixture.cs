using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.ModelPreparation;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService.Tests.Fixtures;

/// <summary>
/// For the whole test run: the model prepared (the same idempotent step as `dotnet run --project tools/ModelPreparation`, which
/// eng/test.sh runs first), the encoder opened on it, and the TF.js reference's outputs for Reference/inputs.json.
/// </summary>
public sealed class ReferenceFixture : IDisposable
{
    public ReferenceFixture()
    {
        var store = new ModelStore(FitnessAssistantHome.Models);
        Model = new ModelPreparer(FitnessAssistantHome.NpmModules, store).Prepare(ModelCatalog.UniversalSentenceEncoderLite, _ => { });
        Encoder = SentenceEncoder.Open(Model);
        Golden = ReferenceRun.Golden(ReferenceRun.Inputs);
    }

    public PreparedModel Model { get; }

    public SentenceEncoder Encoder { get; }

    public IReadOnlyList<GoldenCase> Golden { get; }

    public void Dispose() => Encoder.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ReferenceCollection : ICollectionFixture<ReferenceFixture>
{
    public const string Name = "reference";
}
