using FitnessAssistant.Embedding.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.IndexingService.Grpc;

/// <summary>Typed client of <c>fitness.embedding.v1.EmbeddingService</c> (the calls indexing makes).</summary>
public sealed class EmbeddingClient(GrpcChannel channel)
{
    private const string Service = "fitness.embedding.v1.EmbeddingService";

    public Task<EmbedResponse> EmbedAsync(EmbedRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<EmbedRequest, EmbedResponse>(Service, "Embed", request, options, cancellationToken);

    public Task<ModelInfo> GetModelInfoAsync(GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<GetModelInfoRequest, ModelInfo>(Service, "GetModelInfo", new GetModelInfoRequest(), options, cancellationToken);
}
