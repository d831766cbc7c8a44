using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.EmbeddingService.Tokenization;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace FitnessAssistant.EmbeddingService.Encoder;

/// <summary>
/// The in-process sentence encoder of one prepared model: tokenizes texts (with the model's query or document prefix)
/// and runs the model on ONNX Runtime, pooling and normalising as the model prescribes. Thread-safe; a batch of texts
/// is one model run. The gRPC service batches concurrent requests on top of it; benchmarks call it directly.
/// </summary>
public sealed class SentenceEncoder : IDisposable
{
    private readonly IModelTokenizer _tokenizer;
    private readonly InferenceSession _session;
    private readonly string[] _outputNames;

    private SentenceEncoder(PreparedModel model, IModelTokenizer tokenizer, InferenceSession session)
    {
        Model = model.Manifest;
        _tokenizer = tokenizer;
        _session = session;
        _outputNames = [Model.Signature.Output];
    }

    public ModelManifest Model { get; }

    /// <summary>The ONNX Runtime version running the model.</summary>
    public static string RuntimeVersion { get; } = OrtEnv.Instance().GetVersionString();

    public int MaxTokens => Model.MaxTokens;

    public int Dimensions => Model.Dimensions;

    /// <summary>Opens a session on the prepared model.</summary>
    public static SentenceEncoder Open(PreparedModel model, SentenceEncoderOptions? options = null)
    {
        options ??= new SentenceEncoderOptions();
        IModelTokenizer tokenizer = model.Manifest.Tokenizer.Kind switch
        {
            TokenizerKind.SentencePieceUnigram => UniversalSentenceEncoderTokenizer.Load(model.VocabularyPath, model.Manifest.Tokenizer.ReservedSymbols),
            TokenizerKind.BertWordPiece => BertWordPieceTokenizer.Load(model.VocabularyPath),
            var kind => throw new NotSupportedException($"Tokenizer {kind} is not supported."),
        };
        var spinning = options.AllowSpinning ? "1" : "0";
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.GraphOptimization,
            LogId = $"{model.Manifest.Id}-{model.Manifest.Version}",
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", spinning);
        sessionOptions.AddSessionConfigEntry("session.inter_op.allow_spinning", spinning);
        return new SentenceEncoder(model, tokenizer, new InferenceSession(model.ModelPath, sessionOptions));
    }

    /// <summary>Opens a catalog model as prepared in <c>$FA_HOME/models</c> (the default model when none is named).</summary>
    public static SentenceEncoder OpenPrepared(ModelDefinition? definition = null, SentenceEncoderOptions? options = null)
    {
        definition ??= ModelCatalog.Default;
        return Open(new ModelStore(FitnessAssistantHome.Models).Open(definition.Id, definition.Version), options);
    }

    /// <summary>The token ids the model reads for <paramref name="text"/> (after the prefix for its purpose), truncated at <see cref="MaxTokens"/>.</summary>
    /// <exception cref="ArgumentException">The text is not well-formed Unicode.</exception>
    public TokenizedText Tokenize(string text, TextPurpose purpose = TextPurpose.Document)
    {
        var prefix = purpose == TextPurpose.Query ? Model.QueryPrefix : Model.DocumentPrefix;
        var ids = _tokenizer.Encode(prefix + text);
        return ids.Length > MaxTokens
            ? new TokenizedText(_tokenizer.Truncate(ids, MaxTokens), ids.Length, Truncated: true)
            : new TokenizedText(ids, ids.Length, Truncated: false);
    }

    public IReadOnlyList<TextEmbedding> Embed(IReadOnlyList<string> texts, TextPurpose purpose = TextPurpose.Document)
        => Embed(texts.Select(text => Tokenize(text, purpose)).ToList());

    /// <summary>Embeds already tokenized texts in one model run; the vectors come back in the same order.</summary>
    public IReadOnlyList<TextEmbedding> Embed(IReadOnlyList<TokenizedText> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }
        var vectors = Model.Architecture switch
        {
            ModelArchitecture.SparseTokenIds => RunSparse(texts),
            ModelArchitecture.Bert => RunBert(texts),
            var architecture => throw new NotSupportedException($"Architecture {architecture} is not supported."),
        };
        var embeddings = new TextEmbedding[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            embeddings[i] = new TextEmbedding(vectors[i], texts[i].TokenCount, texts[i].Truncated);
        }
        return embeddings;
    }

    private float[][] RunSparse(IReadOnlyList<TokenizedText> texts)
    {
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
            var ids = row < texts.Count ? texts[row].Ids : [UniversalSentenceEncoderTokenizer.UnknownId];
            for (var position = 0; position < ids.Length; position++, next++)
            {
                indices[next * 2] = row;
                indices[(next * 2) + 1] = position;
                values[next] = ids[position];
            }
        }

        using var indicesTensor = OrtValue.CreateTensorValueFromMemory(indices, [tokens, 2]);
        using var valuesTensor = OrtValue.CreateTensorValueFromMemory(values, [tokens]);
        using var outputs = Run([indicesTensor, valuesTensor]);
        var output = Output(outputs, [rows, Dimensions]);
        var vectors = new float[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            vectors[i] = output.Slice(i * Dimensions, Dimensions).ToArray();
        }
        return vectors;
    }

    private float[][] RunBert(IReadOnlyList<TokenizedText> texts)
    {
        // One padded [texts, longest] matrix; the attention mask keeps padding out of every token's state.
        var length = texts.Max(text => text.Ids.Length);
        var inputIds = new long[texts.Count * length];
        var attentionMask = new long[texts.Count * length];
        for (var row = 0; row < texts.Count; row++)
        {
            var ids = texts[row].Ids;
            for (var position = 0; position < ids.Length; position++)
            {
                inputIds[(row * length) + position] = ids[position];
                attentionMask[(row * length) + position] = 1;
            }
        }
        var tokenTypes = new long[inputIds.Length];

        long[] shape = [texts.Count, length];
        using var idsTensor = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskTensor = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var typesTensor = OrtValue.CreateTensorValueFromMemory(tokenTypes, shape);
        using var outputs = Run([idsTensor, maskTensor, typesTensor]);
        var states = Output(outputs, [texts.Count, length, Dimensions]);

        var vectors = new float[texts.Count][];
        for (var row = 0; row < texts.Count; row++)
        {
            var vector = new float[Dimensions];
            var tokens = Model.Pooling == Pooling.Cls ? 1 : texts[row].Ids.Length;
            for (var position = 0; position < tokens; position++)
            {
                var state = states.Slice(((row * length) + position) * Dimensions, Dimensions);
                for (var d = 0; d < Dimensions; d++)
                {
                    vector[d] += state[d];
                }
            }
            vectors[row] = Normalize(vector);
        }
        return vectors;
    }

    private IDisposableReadOnlyCollection<OrtValue> Run(IReadOnlyCollection<OrtValue> inputs)
    {
        using var runOptions = new RunOptions();
        return _session.Run(runOptions, Model.Signature.Inputs, inputs, _outputNames);
    }

    private static ReadOnlySpan<float> Output(IDisposableReadOnlyCollection<OrtValue> outputs, long[] expected)
    {
        var output = outputs.First();
        var shape = output.GetTensorTypeAndShape().Shape;
        if (!shape.SequenceEqual(expected))
        {
            throw new InvalidOperationException(
                $"The model returned a [{string.Join(", ", shape)}] tensor; expected [{string.Join(", ", expected)}].");
        }
        return output.GetTensorDataAsSpan<float>();
    }

    /// <summary>Scales to unit length (mean pooling's average is implied: the direction is the same).</summary>
    private static float[] Normalize(float[] vector)
    {
        var norm = Math.Sqrt(vector.Sum(x => x * (double)x));
        if (norm > 0)
        {
            for (var d = 0; d < vector.Length; d++)
            {
                vector[d] = (float)(vector[d] / norm);
            }
        }
        return vector;
    }

    public void Dispose() => _session.Dispose();
}
