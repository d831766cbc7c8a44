using FitnessAssistant.Embedding.V1;
using FitnessAssistant.EmbeddingService.Batching;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.ServiceDefaults.Grpc;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.EmbeddingService.Grpc;

/// <summary>The handlers of <c>fitness.embedding.v1.EmbeddingService</c> (Protos/embedding.proto).</summary>
public static class EmbeddingGrpcService
{
    public const string Name = "fitness.embedding.v1.EmbeddingService";

    public static async Task<EmbedResponse> EmbedAsync(EmbedRequest request, GrpcCallContext context)
    {
        var services = context.HttpContext.RequestServices;
        var encoder = services.GetRequiredService<SentenceEncoder>();
        var options = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        var served = ServedModel(encoder);

        RefuseOtherModels(request.Model, served);
        var texts = Validate(request.Texts, options);

        IReadOnlyList<TextEmbedding> embeddings;
        try
        {
            // Admission before tokenizing: a request the queue cannot take costs nothing more.
            using var ticket = services.GetRequiredService<EmbeddingBatcher>().Admit(texts.Count);
            embeddings = await ticket.EmbedAsync(texts.Select(text => encoder.Tokenize(text)).ToList(), context.CancellationToken);
        }
        catch (EmbeddingQueueFullException exception)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, exception.Message);
        }
        catch (ObjectDisposedException)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, "The embedding service is shutting down.");
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

    public static Task<ModelInfo> GetModelInfoAsync(GetModelInfoRequest request, GrpcCallContext context)
    {
        var services = context.HttpContext.RequestServices;
        var encoder = services.GetRequiredService<SentenceEncoder>();
        var options = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        var model = encoder.Model;
        return Task.FromResult(new ModelInfo
        {
            Model = ServedModel(encoder),
            Dimensions = model.Dimensions,
            Normalized = model.Normalized,
            MaxTokens = model.MaxTokens,
            MaxBatchSize = options.MaxTextsPerRequest,
            MaxTextLength = options.MaxTextLength,
            Tokenizer = $"{model.Tokenizer.Kind} ({model.Tokenizer.Normalization}, {model.Tokenizer.Pieces} pieces)",
            License = model.License,
            Source = model.Source.Package,
            OnnxSha256 = model.File(Models.PreparedModel.ModelFileName).Sha256,
            OnnxRuntimeVersion = SentenceEncoder.RuntimeVersion,
        });
    }

    private static ModelRef ServedModel(SentenceEncoder encoder) => new() { Id = encoder.Model.Id, Version = encoder.Model.Version };

    /// <summary>
    /// A caller naming a model (the one its stored vectors came from) must get vectors of that model or none:
    /// FAILED_PRECONDITION, because retrying cannot help until the service is deployed with that model.
    /// </summary>
    private static void RefuseOtherModels(ModelRef? requested, ModelRef served)
    {
        if (requested is null)
        {
            return;
        }
        if ((requested.Id.Length > 0 && requested.Id != served.Id) || (requested.Version.Length > 0 && requested.Version != served.Version))
        {
            throw new GrpcException(GrpcStatusCode.FailedPrecondition,
                $"Model {Describe(requested)} is not served here; this service serves {served.Id} version {served.Version}.");
        }
    }

    private static string Describe(ModelRef model)
        => $"{(model.Id.Length > 0 ? model.Id : "(any id)")} version {(model.Version.Length > 0 ? model.Version : "(any)")}";

    private static RepeatedField<string> Validate(RepeatedField<string> texts, EmbeddingOptions options)
    {
        if (texts.Count == 0)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "texts must hold at least one text.");
        }
        if (texts.Count > options.MaxTextsPerRequest)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument,
                $"texts holds {texts.Count} texts; at most {options.MaxTextsPerRequest} are accepted per call.");
        }
        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i].Length == 0)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument, $"texts[{i}] is empty.");
            }
            if (texts[i].Length > options.MaxTextLength)
            {
                throw new GrpcException(GrpcStatusCode.InvalidArgument,
                    $"texts[{i}] is {texts[i].Length} characters long; at most {options.MaxTextLength} are accepted.");
            }
        }
        return texts;
    }
}
