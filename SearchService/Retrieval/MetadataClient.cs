using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.Grpc;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>Typed client of <c>fitness.metadata.v1.MetadataService</c> (the calls search makes).</summary>
public sealed class MetadataClient(GrpcChannel channel)
{
    private const string Service = "fitness.metadata.v1.MetadataService";

    public Task<GetExercisesResponse> GetExercisesAsync(GetExercisesRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<GetExercisesRequest, GetExercisesResponse>(Service, "GetExercises", request, options, cancellationToken);

    public Task<SearchKeywordResponse> SearchKeywordAsync(SearchKeywordRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<SearchKeywordRequest, SearchKeywordResponse>(Service, "SearchKeyword", request, options, cancellationToken);

    public Task<GetVocabularyResponse> GetVocabularyAsync(GetVocabularyRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<GetVocabularyRequest, GetVocabularyResponse>(Service, "GetVocabulary", request, options, cancellationToken);
}
