using System.ComponentModel.DataAnnotations;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService;

/// <summary>
/// Section <c>Embedding</c> (environment: <c>Embedding__ModelVersion</c>, <c>Embedding__MaxBatchDelayMilliseconds</c>, ...):
/// which prepared model to serve, how ONNX Runtime runs it, request limits and the dynamic batcher's bounds.
/// </summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string SectionName = "Embedding";

    /// <summary>Where prepared models live (<c>&lt;dir&gt;/&lt;id&gt;/&lt;version&gt;/</c>); default <c>$FA_HOME/models</c>.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = FitnessAssistantHome.Models;

    [Required]
    public string ModelId { get; set; } = ModelCatalog.Default.Id;

    [Required]
    public string ModelVersion { get; set; } = ModelCatalog.Default.Version;

    /// <summary>ORT threads inside an operator. The machine has 2 cores shared by every service.</summary>
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 2;

    [Range(1, 64)]
    public int InterOpThreads { get; set; } = 1;

    /// <summary>Texts one Embed call may carry; more is INVALID_ARGUMENT.</summary>
    [Range(1, 4096)]
    public int MaxTextsPerRequest { get; set; } = 64;

    /// <summary>Longest text accepted, in UTF-16 code units; longer is INVALID_ARGUMENT. Texts within it but over
    /// the model's token limit are embedded truncated and flagged.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 16_384;

    /// <summary>Texts per model run that the batcher aims for; a single larger request still runs whole.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>How long the batcher waits for more requests to join a run that is not full yet.</summary>
    [Range(0, 1000)]
    public double MaxBatchDelayMilliseconds { get; set; } = 2;

    /// <summary>Texts that may wait for a run; beyond it requests are refused with RESOURCE_EXHAUSTED.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 512;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (QueueCapacity < MaxTextsPerRequest)
        {
            yield return new ValidationResult(
                $"{nameof(QueueCapacity)} ({QueueCapacity}) must be at least {nameof(MaxTextsPerRequest)} ({MaxTextsPerRequest}), or the largest request could never be queued.",
                [nameof(QueueCapacity)]);
        }
    }
}
