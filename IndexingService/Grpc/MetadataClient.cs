using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.IndexingService.Grpc;

/// <summary>Typed client of <c>fitness.metadata.v1.MetadataService</c> (the calls indexing makes).</summary>
public sealed class MetadataClient(GrpcChannel channel)
{
    private const string Service = "fitness.metadata.v1.MetadataService";

    public Task<GetExercisesResponse> GetExercisesAsync(GetExercisesRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<GetExercisesRequest, GetExercisesResponse>(Service, "GetExercises", request, options, cancellationToken);

    public Task<EmbeddingVersion> RegisterEmbeddingVersionAsync(RegisterEmbeddingVersionRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<RegisterEmbeddingVersionRequest, EmbeddingVersion>(Service, "RegisterEmbeddingVersion", request, options, cancellationToken);

    public Task<EmbeddingVersion> ActivateEmbeddingVersionAsync(string id, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<EmbeddingVersionId, EmbeddingVersion>(Service, "ActivateEmbeddingVersion", new EmbeddingVersionId { Id = id }, options, cancellationToken);

    public Task<EmbeddingVersion> RetireEmbeddingVersionAsync(string id, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<EmbeddingVersionId, EmbeddingVersion>(Service, "RetireEmbeddingVersion", new EmbeddingVersionId { Id = id }, options, cancellationToken);

    public Task<ListEmbeddingVersionsResponse> ListEmbeddingVersionsAsync(GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<ListEmbeddingVersionsRequest, ListEmbeddingVersionsResponse>(Service, "ListEmbeddingVersions", new ListEmbeddingVersionsRequest(), options, cancellationToken);

    public Task<ListExercisesResponse> ListExercisesAsync(ListExercisesRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<ListExercisesRequest, ListExercisesResponse>(Service, "ListExercises", request, options, cancellationToken);
}
