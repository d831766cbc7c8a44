using FitnessAssistant.EmbeddingService.Batching;
using FitnessAssistant.EmbeddingService.Encoder;
using FitnessAssistant.EmbeddingService.Grpc;
using FitnessAssistant.EmbeddingService.Health;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.EmbeddingService.Extensions;

public static class Extensions
{
    /// <summary>
    /// The encoders on the configured prepared models, the dynamic batcher, the gRPC server and the model health check.
    /// The model is opened when the host starts: a missing or damaged model stops the service with a message that
    /// says how to prepare it.
    /// </summary>
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<EmbeddingOptions>(EmbeddingOptions.Section);
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return ServedModels.Open(options, new SentenceEncoderOptions
            {
                IntraOpThreads = options.IntraOpThreads,
                InterOpThreads = options.InterOpThreads,
            });
        });
        builder.Services.AddSingleton<EmbeddingMetrics>();
        builder.Services.AddSingleton<EmbeddingBatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<EmbeddingBatcher>());
        builder.Services.AddHealthChecks().AddCheck<EmbeddingModelHealthCheck>(EmbeddingModelHealthCheck.Name);
        builder.AddGrpcServer();
        return builder;
    }

    public static WebApplication MapEmbeddingApi(this WebApplication app)
    {
        app.MapGrpcService<EmbeddingGrpcService>();
        return app;
    }
}
