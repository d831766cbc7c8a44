using FitnessAssistant.Embedding.V1;
using FitnessAssistant.EmbeddingService.Batching;
using FitnessAssistant.EmbeddingService.Encoder;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TextPurpose = FitnessAssistant.EmbeddingService.Encoder.TextPurpose;

namespace FitnessAssistant.EmbeddingService.Grpc;

/// <summary><c>fitness.embedding.v1.EmbeddingService</c> (Protos/embedding.proto).</summary>
public sealed class EmbeddingGrpcService(ServedModels models, EmbeddingBatcher batcher, IOptions<EmbeddingOptions> embeddingOptions)
    : Embedding.V1.EmbeddingService.EmbeddingServiceBase
{
    private readonly EmbeddingOptions _options = embeddingOptions.Value;

    public override async Task<EmbedResponse> Embed(EmbedRequest request, ServerCallContext context)
    {
        var encoder = Select(request.Model);
        var served = Ref(encoder);
        var texts = Validate(request.Texts, _options);
        var purpose = request.Purpose == Embedding.V1.TextPurpose.Query ? TextPurpose.Query : TextPurpose.Document;

        IReadOnlyList<TextEmbedding> embeddings;
        try
        {
            // Admission before tokenizing: a request the queue cannot take costs nothing more.
            using var ticket = batcher.Admit(texts.Count);
            embeddings = await ticket.EmbedAsync(encoder, texts.Select(text => encoder.Tokenize(text, purpose)).ToList(), context.CancellationToken);
        }
        catch (EmbeddingQueueFullException exception)
        {
            throw Error(StatusCode.ResourceExhausted, exception.Message);
        }
        catch (ObjectDisposedException)
        {
            throw Error(StatusCode.Unavailable, "The embedding service is shutting down.");
        }

        var response = new EmbedResponse { Model = served };
        foreach (var embedding in embeddings)
        {
            var message = new Embedding.V1.Embedding { Model = served, TokenCount = embedding.TokenCount, Truncated = embedding.Truncated };
            message.Vector.AddRange(embedding.Vector);
            response.Embeddings.Add(message);
        }
        return response;
    }

    public override Task<ModelInfo> GetModelInfo(GetModelInfoRequest request, ServerCallContext context)
    {
        var encoder = Select(request.Model);
        var model = encoder.Model;
        var info = new ModelInfo
        {
            Model = Ref(encoder),
            Dimensions = model.Dimensions,
            Normalized = model.Normalized,
            MaxTokens = model.MaxTokens,
            MaxBatchSize = _options.MaxTextsPerRequest,
            MaxTextLength = _options.MaxTextLength,
            Tokenizer = $"{model.Tokenizer.Kind} ({model.Tokenizer.Normalization}, {model.Tokenizer.Pieces} pieces)",
            License = model.License,
            Source = model.Source.Package,
            OnnxSha256 = model.File(Models.PreparedModel.ModelFileName).Sha256,
            OnnxRuntimeVersion = SentenceEncoder.RuntimeVersion,
            QueryPrefix = model.QueryPrefix,
            DocumentPrefix = model.DocumentPrefix,
        };
        info.ServedModels.AddRange(models.All.Select(Ref));
        return Task.FromResult(info);
    }

    private static RpcException Error(StatusCode code, string detail) => new(new Status(code, detail));

    private static ModelRef Ref(SentenceEncoder encoder) => new() { Id = encoder.Model.Id, Version = encoder.Model.Version };

    /// <summary>
    /// A caller naming a model (the one its stored vectors came from) must get vectors of that model or none:
    /// FAILED_PRECONDITION, because retrying cannot help until the service is deployed with that model.
    /// </summary>
    private SentenceEncoder Select(ModelRef? requested)
        => requested is null
            ? models.Default
            : models.Find(requested.Id, requested.Version)
                ?? throw Error(StatusCode.FailedPrecondition,
                    $"Model {Describe(requested)} is not served here; this service serves {string.Join(", ", models.All.Select(e => $"{e.Model.Id} version {e.Model.Version}"))}.");

    private static string Describe(ModelRef model)
        => $"{(model.Id.Length > 0 ? model.Id : "(any id)")} version {(model.Version.Length > 0 ? model.Version : "(any)")}";

    private static RepeatedField<string> Validate(RepeatedField<string> texts, EmbeddingOptions options)
    {
        if (texts.Count == 0)
        {
            throw Error(StatusCode.InvalidArgument, "texts must hold at least one text.");
        }
        if (texts.Count > options.MaxTextsPerRequest)
        {
            throw Error(StatusCode.InvalidArgument, $"texts holds {texts.Count} texts; at most {options.MaxTextsPerRequest} are accepted per call.");
        }
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Length == 0)
            {
                throw Error(StatusCode.InvalidArgument, $"texts[{i}] is empty.");
            }
            if (texts[i].Length > options.MaxTextLength)
            {
                throw Error(StatusCode.InvalidArgument, $"texts[{i}] is {texts[i].Length} characters long; at most {options.MaxTextLength} are accepted.");
            }
        }
        return texts;
    }
}
