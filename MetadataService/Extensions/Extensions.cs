using FitnessAssistant.MetadataService.Api;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Data.Migrations;
using FitnessAssistant.MetadataService.Embeddings;
using FitnessAssistant.MetadataService.Experiments;
using FitnessAssistant.MetadataService.Grpc;
using FitnessAssistant.MetadataService.Idempotency;
using FitnessAssistant.MetadataService.Import;
using FitnessAssistant.MetadataService.Outbox;
using FitnessAssistant.MetadataService.Search;
using FitnessAssistant.MetadataService.Starter;
using FitnessAssistant.MetadataService.Vocabulary;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;

namespace FitnessAssistant.MetadataService.Extensions;

public static class Extensions
{
    /// <summary>The catalog: database, start-up migrations and seeding, queries, writes.</summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;

        builder.AddCatalogDataSources();
        builder.Services.AddSingleton<VocabularyHolder>();
        builder.Services.AddSingleton<MigrationRunner>();
        builder.Services.AddSingleton<StarterCatalogSeeder>();
        builder.Services.AddSingleton<ReplicaLagMonitor>();
        builder.Services.AddSingleton<ReadYourWrites>();
        builder.Services.AddSingleton<ExerciseQueries>();
        builder.Services.AddSingleton<ExerciseStore>();
        builder.Services.AddSingleton<SearchLexiconRefresher>();
        builder.Services.AddSingleton<KeywordSearch>();
        builder.Services.AddSingleton<SearchLexicon>();
        builder.Services.AddSingleton<EmbeddingVersionStore>();
        builder.Services.AddSingleton<FreeExerciseDbImporter>();
        builder.Services.AddSingleton<JudgedSetStore>();
        builder.Services.AddSingleton<CoreJudgedSet>();
        builder.Services.AddSingleton<CatalogInitializer>();

        builder.Services.AddValidatedOptions<ImportOnStartOptions>(ImportOnStartOptions.Section);
        builder.Services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        builder.Services.AddSingleton<CatalogEventPublisher>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddValidatedOptions<ReplicaLagOptions>(ReplicaLagOptions.Section);
        builder.Services.AddValidatedOptions<IdempotencyOptions>(IdempotencyOptions.Section);

        // Order matters: hosted services start in registration order, and all of them before Kestrel listens.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CatalogInitializer>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SearchLexiconRefresher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        builder.Services.AddHostedService<ImportOnStart>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaLagMonitor>());
        builder.Services.AddHostedService<IdempotencyKeyCleanup>();

        builder.Services.AddHealthChecks()
            .AddCheck<OutboxHealthCheck>("outbox")
            .AddCheck<ReplicaHealthCheck>(CatalogDataSources.ReplicaName);
        builder.Services.AddOpenApi();
        builder.AddGrpcServer();
        return builder;
    }

    /// <summary>
    /// The primary (<c>ConnectionStrings:catalogdb</c>, with the integration's health check and traces) and, when
    /// configured, the read replica (<c>catalogdb-read</c>, whose own check reports Degraded, not Unhealthy, when it
    /// lags or is down: reads then go to the primary). Both are keyed <see cref="NpgsqlDataSource"/>s.
    /// </summary>
    private static void AddCatalogDataSources(this IHostApplicationBuilder builder)
    {
        builder.AddKeyedNpgsqlDataSource(CatalogDataSources.PrimaryName, configureDataSourceBuilder: AutoPrepare);
        var hasReplica = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(CatalogDataSources.ReplicaName));
        if (hasReplica)
        {
            builder.AddKeyedNpgsqlDataSource(CatalogDataSources.ReplicaName, settings => settings.DisableHealthChecks = true, AutoPrepare);
        }
        builder.Services.AddSingleton(services => new CatalogDataSources(
            services.GetRequiredKeyedService<NpgsqlDataSource>(CatalogDataSources.PrimaryName),
            hasReplica ? services.GetRequiredKeyedService<NpgsqlDataSource>(CatalogDataSources.ReplicaName) : null));
    }

    /// <summary>
    /// Statements the service repeats (reads, keyword search) are prepared automatically: the search statement
    /// costs more to plan than to run on a catalog of this size. A connection string's own setting wins.
    /// </summary>
    private static void AutoPrepare(NpgsqlDataSourceBuilder dataSource)
    {
        if (!dataSource.ConnectionStringBuilder.ContainsKey("Max Auto Prepare"))
        {
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
            dataSource.ConnectionStringBuilder.AutoPrepareMinUsages = 2;
        }
    }

    /// <summary>The catalog's REST APIs (public reads, administration, import) and its gRPC service.</summary>
    public static WebApplication MapCatalogApi(this WebApplication app)
    {
        app.MapExercisesApi();
        app.MapAdminExercisesApi();
        app.MapAdminImportApi();
        app.MapGrpcService<MetadataGrpcService>();
        return app;
    }
}
