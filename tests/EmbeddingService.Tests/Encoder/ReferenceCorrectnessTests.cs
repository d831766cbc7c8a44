using FitnessAssistant.EmbeddingService.Tests.Fixtures;

namespace FitnessAssistant.EmbeddingService.Tests.Encoder;

/// <summary>
/// Our tokenizer, converted model and ONNX Runtime binding against the TF.js reference on the same inputs
/// (Reference/inputs.json: short and long, accents, emoji, digits, punctuation, empty, whitespace-only, over-long).
/// </summary>
[Collection(ReferenceCollection.Name)]
public sealed class ReferenceCorrectnessTests(ReferenceFixture fixture)
{
    public const double MinimumCosine = 0.9999;

    public static TheoryData<int> InputIndexes => [.. Enumerable.Range(0, ReferenceRun.Inputs.Count)];

    [Fact]
    public void The_reference_inputs_cover_the_required_cases()
    {
        var inputs = ReferenceRun.Inputs;
        inputs.Should().HaveCountGreaterThanOrEqualTo(30);
        inputs.Should().Contain("");
        inputs.Should().Contain(text => text.Length > 0 && string.IsNullOrWhiteSpace(text));
        inputs.Should().Contain(text => text.Any(c => c > 0x7f && char.IsLetter(c)), "accented and non-Latin letters");
        inputs.Should().Contain(text => text.Any(char.IsSurrogate), "emoji");
        inputs.Should().Contain(text => text.Any(char.IsDigit));
        inputs.Should().Contain(text => text.Any(char.IsPunctuation));
        fixture.Golden.Should().Contain(golden => golden.Tokens.Length > fixture.Encoder.MaxTokens, "an over-long text");
    }

    [Theory]
    [MemberData(nameof(InputIndexes))]
    public void Token_ids_are_identical_to_the_reference(int index)
    {
        var golden = fixture.Golden[index];

        var tokenized = fixture.Encoder.Tokenize(golden.Text);

        tokenized.TokenCount.Should().Be(golden.Tokens.Length);
        tokenized.Ids.Should().Equal(golden.Tokens.Take(fixture.Encoder.MaxTokens));
        tokenized.Truncated.Should().Be(golden.Tokens.Length > fixture.Encoder.MaxTokens);
    }

    [Theory]
    [MemberData(nameof(InputIndexes))]
    public void The_vector_matches_the_reference(int index)
    {
        var golden = fixture.Golden[index];
        golden.Vector.Should().NotBeNull();

        var embedding = fixture.Encoder.Embed([golden.Text])[0];

        embedding.Vector.Should().HaveCount(fixture.Encoder.Dimensions);
        Vectors.Cosine(embedding.Vector, golden.Vector!).Should().BeGreaterThanOrEqualTo(MinimumCosine, $"text {index}: {golden.Text}");
        Norm(embedding.Vector).Should().BeApproximately(1.0, 1e-4);
    }

    [Fact]
    public void A_batch_gives_each_text_the_vector_it_gets_alone()
    {
        // Texts of very different lengths share a padded batch; the empty text last exercises the padding row.
        var texts = fixture.Golden.Select(golden => golden.Text).Where(text => text.Length > 0).Append("").ToList();

        var batch = fixture.Encoder.Embed(texts);

        batch.Should().HaveCount(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var golden = fixture.Golden.First(g => g.Text == texts[i]);
            Vectors.Cosine(batch[i].Vector, golden.Vector!).Should().BeGreaterThanOrEqualTo(MinimumCosine, $"text {i}: {texts[i]}");
        }
    }

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(x => x * (double)x));
}
