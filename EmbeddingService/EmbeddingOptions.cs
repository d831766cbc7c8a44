using System.ComponentModel.DataAnnotations;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService;

/// <summary>
/// Section <c>Embedding</c> (environment: <c>Embedding__Models</c>, <c>Embedding__MaxBatchDelayMilliseconds</c>, ...):
/// which prepared models to serve and which by default, how ONNX Runtime runs it, request limits and the dynamic batcher's bounds.
/// </summary>
public sealed class EmbeddingOptions : IValidatableObject
{
    public const string Section = "Embedding";

    /// <summary>Where prepared models live (<c>&lt;dir&gt;/&lt;id&gt;/&lt;version&gt;/</c>); default <c>$FA_HOME/models</c>.</summary>
    [Required]
    public string ModelsDirectory { get; set; } = FitnessAssistantHome.Models;

    /// <summary>The models served, as <c>id@version</c> separated by commas; default every model of the catalog.</summary>
    [Required]
    public string Models { get; set; } = string.Join(",", ModelCatalog.All.Select(model => $"{model.Id}@{model.Version}"));

    /// <summary>The model a request that names none gets (one of <see cref="Models"/>).</summary>
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

    public IReadOnlyList<(string Id, string Version)> ServedModelKeys()
        => [.. Models.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('@') is [var id, var version] ? (id, version) : (entry, ""))];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var served = ServedModelKeys();
        if (served.Count == 0 || served.Any(model => model.Version.Length == 0))
        {
            yield return new ValidationResult($"{nameof(Models)} ('{Models}') must list models as id@version, separated by commas.", [nameof(Models)]);
        }
        else if (!served.Contains((ModelId, ModelVersion)))
        {
            yield return new ValidationResult($"The default model {ModelId}@{ModelVersion} is not among {nameof(Models)} ({Models}).", [nameof(ModelId)]);
        }
        if (QueueCapacity < MaxTextsPerRequest)
        {
            yield return new ValidationResult(
                $"{nameof(QueueCapacity)} ({QueueCapacity}) must be at least {nameof(MaxTextsPerRequest)} ({MaxTextsPerRequest}), or the largest request could never be queued.",
                [nameof(QueueCapacity)]);
        }
    }
}
