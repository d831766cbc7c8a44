using FitnessAssistant.EmbeddingService.Batching;
using FitnessAssistant.EmbeddingService.Encoder;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FitnessAssistant.EmbeddingService.Health;

/// <summary>Ready when the models are loaded in ONNX Runtime and the batcher's worker is running.</summary>
public sealed class EmbeddingModelHealthCheck(ServedModels models, EmbeddingBatcher batcher) : IHealthCheck
{
    public const string Name = "embedding-model";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var loaded = string.Join(", ", models.All.Select(encoder => $"{encoder.Model.Id} version {encoder.Model.Version} ({encoder.Dimensions}-d)"));
        var model = $"{loaded} (default {models.Default.Model.Id}) on ONNX Runtime {SentenceEncoder.RuntimeVersion}";
        return Task.FromResult(batcher.IsRunning
            ? HealthCheckResult.Healthy($"{model} loaded; {batcher.QueuedTexts} texts queued")
            : HealthCheckResult.Unhealthy($"{model} loaded, but the batcher is not running"));
    }
}
