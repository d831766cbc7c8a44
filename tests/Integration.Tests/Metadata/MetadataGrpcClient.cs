using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>A typed client of fitness.metadata.v1 over the project's gRPC runtime, as a calling service writes one.</summary>
internal sealed class MetadataGrpcClient(GrpcChannel channel)
{
    private const string Service = "fitness.metadata.v1.MetadataService";

    public Task<GetExercisesResponse> GetExercisesAsync(GetExercisesRequest request) => Call<GetExercisesRequest, GetExercisesResponse>("GetExercises", request);

    public Task<SearchKeywordResponse> SearchKeywordAsync(SearchKeywordRequest request) => Call<SearchKeywordRequest, SearchKeywordResponse>("SearchKeyword", request);

    public Task<GetVocabularyResponse> GetVocabularyAsync(GetVocabularyRequest request) => Call<GetVocabularyRequest, GetVocabularyResponse>("GetVocabulary", request);

    public Task<ListExercisesResponse> ListExercisesAsync(ListExercisesRequest request) => Call<ListExercisesRequest, ListExercisesResponse>("ListExercises", request);

    public Task<EmbeddingVersion> RegisterEmbeddingVersionAsync(RegisterEmbeddingVersionRequest request) => Call<RegisterEmbeddingVersionRequest, EmbeddingVersion>("RegisterEmbeddingVersion", request);

    public Task<EmbeddingVersion> ActivateEmbeddingVersionAsync(string id) => Call<EmbeddingVersionId, EmbeddingVersion>("ActivateEmbeddingVersion", new EmbeddingVersionId { Id = id });

    public Task<EmbeddingVersion> RetireEmbeddingVersionAsync(string id) => Call<EmbeddingVersionId, EmbeddingVersion>("RetireEmbeddingVersion", new EmbeddingVersionId { Id = id });

    public Task<ListEmbeddingVersionsResponse> ListEmbeddingVersionsAsync() => Call<ListEmbeddingVersionsRequest, ListEmbeddingVersionsResponse>("ListEmbeddingVersions", new ListEmbeddingVersionsRequest());

    private Task<TResponse> Call<TRequest, TResponse>(string method, TRequest request)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>, new()
        where TResponse : class, Google.Protobuf.IMessage<TResponse>, new()
        => channel.UnaryAsync<TRequest, TResponse>(Service, method, request, new GrpcCallOptions { Timeout = TimeSpan.FromSeconds(30) });
}
