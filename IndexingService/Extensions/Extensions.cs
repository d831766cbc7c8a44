using System.Text.Json.Serialization;
using FitnessAssistant.IndexingService.Activation;
using FitnessAssistant.IndexingService.Catalog;
using FitnessAssistant.IndexingService.Embedding;
using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.IndexingService.Health;
using FitnessAssistant.IndexingService.Messaging;
using FitnessAssistant.IndexingService.Pipeline;
using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.IndexingService.Reindex;
using FitnessAssistant.Embedding.V1;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using FitnessAssistant.ServiceDefaults.Redis;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.IndexingService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);

        // The schema first: hosted services start in this order (and stop in reverse, so the consumer stops first).
        builder.AddVectorIndex();
        services.AddHostedService<VectorIndexInitializer>();

        services.AddValidatedOptions<EpochAnnouncerOptions>(EpochAnnouncerOptions.Section);
        services.AddRedisConnection(sp => new RedisClientSettings(
            sp.GetRequiredService<IOptions<EpochAnnouncerOptions>>().Value.RedisConnectionName, "indexing",
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));
        services.AddSingleton<EpochAnnouncer>();
        services.AddSingleton<IEpochAnnouncer>(sp => sp.GetRequiredService<EpochAnnouncer>());
        services.AddHostedService(sp => sp.GetRequiredService<EpochAnnouncer>());

        services.AddGrpcServiceClient<EmbeddingService.EmbeddingServiceClient>("embedding");
        services.AddGrpcServiceClient<MetadataService.MetadataServiceClient>("metadata");
        services.AddSingleton<ITextEmbedder, GrpcTextEmbedder>();
        services.AddSingleton<ICatalogReader, GrpcCatalogReader>();
        services.AddSingleton<IndexingPipeline>();

        services.AddValidatedOptions<RegistryMirrorOptions>(RegistryMirrorOptions.Section);
        services.AddSingleton<EmbeddingVersionMirror>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddingVersionMirror>());

        services.AddValidatedOptions<ReindexOptions>(ReindexOptions.Section);
        services.AddSingleton<ReindexCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<ReindexCoordinator>());
        services.AddHostedService<IndexBootstrapper>();

        services.AddValidatedOptions<ActivationOptions>(ActivationOptions.Section);
        services.AddSingleton<ActivationCoordinator>();
        services.AddHostedService(sp => sp.GetRequiredService<ActivationCoordinator>());

        // Binding appends to a list that already holds values, so the default delays are applied only when none are configured.
        services.AddValidatedOptions<ConsumerOptions>(ConsumerOptions.Section)
            .PostConfigure(o =>
            {
                if (o.RetryDelays.Count == 0)
                {
                    o.RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60)];
                }
            });
        services.AddSingleton<ParkingQueue>();
        services.AddSingleton<CatalogEventDelivery>();
        services.AddSingleton<CatalogEventConsumer>();
        services.AddHostedService(sp => sp.GetRequiredService<CatalogEventConsumer>());

        // The admin API shows phases and states by name.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        services.AddHealthChecks()
            .AddCheck<VectorIndexHealthCheck>("vector-index")
            .AddCheck<ConsumerHealthCheck>("eventbus");
        return builder;
    }
}
