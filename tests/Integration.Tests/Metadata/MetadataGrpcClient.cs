using FitnessAssistant.Metadata.V1;
using Grpc.Net.Client;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>The generated fitness.metadata.v1 client with a 30 s deadline on every call, as tasks for the assertions.</summary>
internal sealed class MetadataGrpcClient(GrpcChannel channel)
{
    private readonly MetadataService.MetadataServiceClient _client = new(channel);

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(30);

    public Task<GetExercisesResponse> GetExercisesAsync(GetExercisesRequest request) => _client.GetExercisesAsync(request, deadline: Deadline).ResponseAsync;

    public Task<SearchKeywordResponse> SearchKeywordAsync(SearchKeywordRequest request) => _client.SearchKeywordAsync(request, deadline: Deadline).ResponseAsync;

    public Task<GetVocabularyResponse> GetVocabularyAsync(GetVocabularyRequest request) => _client.GetVocabularyAsync(request, deadline: Deadline).ResponseAsync;

    public Task<ListExercisesResponse> ListExercisesAsync(ListExercisesRequest request) => _client.ListExercisesAsync(request, deadline: Deadline).ResponseAsync;

    public Task<EmbeddingVersion> RegisterEmbeddingVersionAsync(RegisterEmbeddingVersionRequest request) => _client.RegisterEmbeddingVersionAsync(request, deadline: Deadline).ResponseAsync;

    public Task<EmbeddingVersion> ActivateEmbeddingVersionAsync(string id) => _client.ActivateEmbeddingVersionAsync(new EmbeddingVersionId { Id = id }, deadline: Deadline).ResponseAsync;

    public Task<EmbeddingVersion> RetireEmbeddingVersionAsync(string id) => _client.RetireEmbeddingVersionAsync(new EmbeddingVersionId { Id = id }, deadline: Deadline).ResponseAsync;

    public Task<ListEmbeddingVersionsResponse> ListEmbeddingVersionsAsync() => _client.ListEmbeddingVersionsAsync(new ListEmbeddingVersionsRequest(), deadline: Deadline).ResponseAsync;
}
