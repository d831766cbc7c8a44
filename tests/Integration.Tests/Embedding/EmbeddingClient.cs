using FitnessAssistant.Embedding.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.IntegrationTests.Embedding;

/// <summary>A typed client of fitness.embedding.v1, as the search and indexing services call it.</summary>
public sealed class EmbeddingClient(GrpcChannel channel)
{
    public const string Service = "fitness.embedding.v1.EmbeddingService";

    public Task<EmbedResponse> EmbedAsync(EmbedRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<EmbedRequest, EmbedResponse>(Service, "Embed", request, options, cancellationToken);

    public Task<ModelInfo> GetModelInfoAsync(ModelRef? model = null, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<GetModelInfoRequest, ModelInfo>(Service, "GetModelInfo", new GetModelInfoRequest { Model = model }, options, cancellationToken);
}
