using FitnessAssistant.Embedding.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Typed client of <c>fitness.embedding.v1.EmbeddingService</c> (the calls search makes).</summary>
public sealed class EmbeddingClient(GrpcChannel channel)
{
    private const string Service = "fitness.embedding.v1.EmbeddingService";

    public Task<EmbedResponse> EmbedAsync(EmbedRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<EmbedRequest, EmbedResponse>(Service, "Embed", request, options, cancellationToken);
}
