using FitnessAssistant.SearchService.Admission;
using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.Health;
using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Related;
using FitnessAssistant.SearchService.Resilience;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Search;
using FitnessAssistant.SearchService.Suggest;
using FitnessAssistant.Embedding.V1;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using HealthClient = Grpc.Health.V1.Health.HealthClient;
using FitnessAssistant.ServiceDefaults.Redis;
using FitnessAssistant.VectorIndex;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<SearchOptions>(SearchOptions.Section)
            .Validate(o => o.DefaultLimit <= o.MaxLimit, "Search:DefaultLimit must not exceed Search:MaxLimit.");
        services.AddValidatedOptions<RetrievalOptions>(RetrievalOptions.Section);
        services.AddValidatedOptions<CacheOptions>(CacheOptions.Section);
        services.AddValidatedOptions<ResilienceOptions>(ResilienceOptions.Section);
        services.AddValidatedOptions<IndexEpochOptions>(IndexEpochOptions.Section);
        services.AddValidatedOptions<MatchOptions>(MatchOptions.Section);
        services.AddValidatedOptions<AdmissionOptions>(AdmissionOptions.Section)
            .Validate(o => o.MinLimit <= o.MaxLimit, "Search:Admission:MinLimit must not exceed Search:Admission:MaxLimit.");

        services.AddSingleton<SearchMetrics>();
        services.AddSingleton<DependencyGuard>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SchedulingLag>();
        services.AddSingleton<AdaptiveConcurrencyLimit>();
        services.AddSingleton<VocabularyProvider>();

        services.AddRedisConnection(sp => sp.GetRequiredService<IOptions<CacheOptions>>().Value.RedisClient);
        services.AddSingleton<RedisSearchCache>();
        services.AddSingleton<ISearchCache>(sp => ActivatorUtilities.CreateInstance<LocalResultCache>(
            sp, sp.GetRequiredService<RedisSearchCache>()));

        builder.AddVectorIndex();
        services.AddSingleton<IndexEpochMonitor>();
        services.AddSingleton<IIndexEpochSource>(sp => sp.GetRequiredService<IndexEpochMonitor>());
        services.AddHostedService(sp => sp.GetRequiredService<IndexEpochMonitor>());
        services.AddSingleton<IVectorSearch, VectorIndexSearch>();

        services.AddGrpcServiceClient<EmbeddingService.EmbeddingServiceClient>("embedding");
        services.AddGrpcServiceClient<HealthClient>("embedding", DependencyHealthChecks.HealthClientName("embedding"));
        services.AddSingleton<GrpcQueryEmbedder>();
        services.AddSingleton<IQueryEmbedder>(sp => ActivatorUtilities.CreateInstance<CachedQueryEmbedder>(
            sp, sp.GetRequiredService<GrpcQueryEmbedder>()));

        services.AddGrpcServiceClient<MetadataService.MetadataServiceClient>("metadata");
        services.AddGrpcServiceClient<HealthClient>("metadata", DependencyHealthChecks.HealthClientName("metadata"));
        services.AddSingleton<IExerciseCatalog, GrpcExerciseCatalog>();
        services.AddHostedService<VocabularyRefresher>();

        services.AddHealthChecks().AddSearchDependencyChecks();

        services.AddSingleton<HybridSearcher>();
        services.AddSingleton<MatchAssessor>();
        services.AddSingleton<ExerciseSearch>();
        services.AddSingleton<RelatedExercises>();
        services.AddSingleton<RelatedRequestReader>();
        services.AddSingleton<RelatedSearch>();
        services.AddSingleton<SuggestIndexProvider>();
        services.AddHostedService(sp => sp.GetRequiredService<SuggestIndexProvider>());
        services.AddHostedService<SearchWarmUp>();

        services.AddOpenApi(options => options
            .AddOperationTransformer(SearchOpenApi.TransformAsync)
            .AddOperationTransformer(RelatedExercisesOpenApi.TransformAsync)
            .AddOperationTransformer(SuggestOpenApi.TransformAsync));
        return builder;
    }
}
