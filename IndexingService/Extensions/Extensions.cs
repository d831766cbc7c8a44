using FitnessAssistant.IndexingService.Epoch;
using FitnessAssistant.IndexingService.Health;

namespace FitnessAssistant.IndexingService.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddVectorIndex();
        builder.Services.AddHostedService<VectorIndexInitializer>();

        builder.Services.AddValidatedOptions<EpochAnnouncerOptions>(EpochAnnouncerOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RedisConnection>();
        builder.Services.AddSingleton<EpochAnnouncer>();
        builder.Services.AddSingleton<IEpochAnnouncer>(services => services.GetRequiredService<EpochAnnouncer>());
        builder.Services.AddHostedService(services => services.GetRequiredService<EpochAnnouncer>());

        builder.Services.AddHealthChecks()
            .AddCheck<VectorIndexHealthCheck>("vector-index");
        return builder;
    }
}
