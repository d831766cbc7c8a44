using FitnessAssistant.MetadataService.Api;
using FitnessAssistant.MetadataService.Catalog;
using FitnessAssistant.MetadataService.Data;
using FitnessAssistant.MetadataService.Data.Migrations;
using FitnessAssistant.MetadataService.Embeddings;
using FitnessAssistant.MetadataService.Grpc;
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

        var primary = builder.Configuration.GetConnectionString(CatalogDataSources.PrimaryName);
        if (string.IsNullOrWhiteSpace(primary))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{CatalogDataSources.PrimaryName} is not set (environment variable ConnectionStrings__{CatalogDataSources.PrimaryName}).");
        }
        var replica = builder.Configuration.GetConnectionString(CatalogDataSources.ReplicaName);
        builder.Services.AddSingleton(new CatalogDataSources(
            CreateDataSource(primary),
            string.IsNullOrWhiteSpace(replica) ? null : CreateDataSource(replica)));

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
        builder.Services.AddSingleton<CatalogInitializer>();

        builder.Services.AddValidatedOptions<ImportOnStartOptions>(ImportOnStartOptions.Section);
        builder.Services.AddValidatedOptions<OutboxOptions>(OutboxOptions.Section);
        builder.Services.AddSingleton<CatalogEventPublisher>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddValidatedOptions<ReplicaLagOptions>(ReplicaLagOptions.Section);

        // Order matters: hosted services start in registration order, and all of them before Kestrel listens.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CatalogInitializer>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SearchLexiconRefresher>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        builder.Services.AddHostedService<ImportOnStart>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReplicaLagMonitor>());

        builder.Services.AddHealthChecks().AddCheck<CatalogDatabaseHealthCheck>("catalogdb")
            .AddCheck<OutboxHealthCheck>("outbox")
            .AddCheck<ReplicaHealthCheck>(CatalogDataSources.ReplicaName);
        builder.Services.AddOpenApi();
        builder.AddGrpcServer();
        return builder;
    }

    /// <summary>
    /// Statements the service repeats (reads, keyword search) are prepared automatically: the search statement
    /// costs more to plan than to run on a catalog of this size. A connection string's own setting wins.
    /// </summary>
    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!settings.ContainsKey("Max Auto Prepare"))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }
        return NpgsqlDataSource.Create(settings);
    }

    public static WebApplication MapCatalogApis(this WebApplication app)
    {
        app.UseExceptionHandler();
        // Empty-bodied error statuses from the framework (404 route, 405 method) become problem details too.
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapExercisesApi();
        app.MapAdminExercisesApi();
        app.MapAdminImportApi();
        app.MapGrpcService<MetadataGrpcService>();
        return app;
    }
}
