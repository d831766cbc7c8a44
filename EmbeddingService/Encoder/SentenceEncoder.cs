using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.EmbeddingService.Onnx;
using FitnessAssistant.EmbeddingService.Tokenization;

namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>
/// The in-process sentence encoder: tokenizes texts and runs the prepared ONNX model on ONNX Runtime. Thread-safe;
/// a batch of texts is one model run. The gRPC service batches concurrent requests on top of it; benchmarks and
/// other components can call it directly.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly SentencePieceTokenizer tokenizer;
    private readonly OnnxRuntime runtime;
    private readonly OrtEnvironment environment;
    private readonly OrtSession session;
    private readonly string[] outputNames;

    private SentenceEncoder(PreparedModel model, SentencePieceTokenizer tokenizer, OnnxRuntime runtime, OrtEnvironment environment, OrtSession session)
    {
        Model = model.Manifest;
        this.tokenizer = tokenizer;
        this.runtime = runtime;
        this.environment = environment;
        this.session = session;
        outputNames = [Model.Signature.Embeddings];
    }

    public ModelManifest Model { get; }

    /// <summary>The ONNX Runtime version running the model.</summary>
    public string RuntimeVersion => runtime.Version;

    public int MaxTokens => Model.MaxTokens;

    public int Dimensions => Model.Dimensions;

    /// <summary>Loads ONNX Runtime from <paramref name="onnxRuntimeLibrary"/> and opens a session on the prepared model.</summary>
    public static SentenceEncoder Open(PreparedModel model, string onnxRuntimeLibrary, SentenceEncoderOptions? options = null)
    {
        options ??= new SentenceEncoderOptions();
        var tokenizer = SentencePieceTokenizer.Load(model.VocabularyPath, model.Manifest.Tokenizer.ReservedSymbols);
        var runtime = OnnxRuntime.Load(onnxRuntimeLibrary);
        var environment = OrtEnvironment.Create(runtime, $"{model.Manifest.Id}-{model.Manifest.Version}");
        try
        {
            using var sessionOptions = new OrtSessionOptions(runtime)
                .SetIntraOpThreads(options.IntraOpThreads)
                .SetInterOpThreads(options.InterOpThreads)
                .SetExecutionMode(ExecutionMode.Sequential)
                .SetGraphOptimizationLevel(options.GraphOptimization)
                .AddConfigEntry("session.intra_op.allow_spinning", options.AllowSpinning ? "1" : "0")
                .AddConfigEntry("session.inter_op.allow_spinning", options.AllowSpinning ? "1" : "0");
            var session = OrtSession.Create(environment, model.ModelPath, sessionOptions);
            return new SentenceEncoder(model, tokenizer, runtime, environment, session);
        }
        catch
        {
            environment.Dispose();
            throw;
        }
    }

    /// <summary>Opens the catalog's default model as prepared in <c>$FA_HOME/models</c>, with ORT from <c>$FA_HOME/npm</c>.</summary>
    public static SentenceEncoder OpenDefault(SentenceEncoderOptions? options = null)
    {
        var definition = ModelCatalog.Default;
        var model = new ModelStore(FitnessAssistantHome.Models).Open(definition.Id, definition.Version);
        return Open(model, FitnessAssistantHome.OnnxRuntimeLibrary, options);
    }

    /// <summary>The token ids the model reads for <paramref name="text"/>, truncated at <see cref="MaxTokens"/>.</summary>
    /// <exception cref="ArgumentException">The text is not well-formed Unicode.</exception>
    public TokenizedText Tokenize(string text)
    {
        var ids = tokenizer.Encode(text);
        return ids.Length > MaxTokens ? new TokenizedText(ids[..MaxTokens], ids.Length, Truncated: true) : new TokenizedText(ids, ids.Length, Truncated: false);
    }

    public IReadOnlyList<TextEmbedding> Embed(IReadOnlyList<string> texts)
        => Embed(texts.Select(Tokenize).ToList());

    /// <summary>Embeds already tokenized texts in one model run; the vectors come back in the same order.</summary>
    public IReadOnlyList<TextEmbedding> Embed(IReadOnlyList<TokenizedText> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        // The graph sizes its batch by the highest row index that has a token, so a last text without tokens would
        // vanish from the output: a one-token padding row after it keeps the batch size (and is dropped below).
        var padded = texts[^1].Ids.Length == 0;
        var rows = texts.Count + (padded ? 1 : 0);
        var tokens = texts.Sum(text => text.Ids.Length) + (padded ? 1 : 0);

        // The model's input is sparse, as in tf.SparseTensor: (row, position) pairs and the token id at each.
        var indices = new long[tokens * 2];
        var values = new long[tokens];
        var next = 0;
        for (var row = 0; row < rows; row++)
        {
            var ids = row < texts.Count ? texts[row].Ids : [SentencePieceTokenizer.UnknownId];
            for (var position = 0; position < ids.Length; position++, next++)
            {
                indices[next * 2] = row;
                indices[(next * 2) + 1] = position;
                values[next] = ids[position];
            }
        }

        float[] vectors;
        using (var indicesTensor = OrtTensor.FromArray(runtime, indices, tokens, 2))
        using (var valuesTensor = OrtTensor.FromArray(runtime, values, tokens))
        {
            var outputs = session.Run(
                [new(Model.Signature.Indices, indicesTensor), new(Model.Signature.Values, valuesTensor)],
                outputNames);
            using var output = outputs[0];
            if (output.Shape.Count != 2 || output.Shape[0] != rows || output.Shape[1] != Dimensions)
            {
                throw new InvalidOperationException(
                    $"The model returned a [{string.Join(", ", output.Shape)}] tensor for {rows} texts; expected [{rows}, {Dimensions}].");
            }
            vectors = output.ToArray<float>();
        }

        var embeddings = new TextEmbedding[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            embeddings[i] = new TextEmbedding(vectors.AsSpan(i * Dimensions, Dimensions).ToArray(), texts[i].TokenCount, texts[i].Truncated);
        }
        return embeddings;
    }

    public void Dispose()
    {
        session.Dispose();
        environment.Dispose();
    }
}
