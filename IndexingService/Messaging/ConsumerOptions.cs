using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.IndexingService.Messaging;

/// <summary>Section <c>Consumer</c>: the catalog event consumer (docs/indexing.md, "Consumer").</summary>
public sealed class ConsumerOptions : IValidatableObject
{
    public const string Section = "Consumer";

    [Required]
    public string ConnectionName { get; set; } = "eventbus";

    /// <summary>The metadata service's durable topic exchange.</summary>
    [Required]
    public string Exchange { get; set; } = "catalog.events";

    [Required]
    public string BindingKey { get; set; } = "exercise.*";

    /// <summary>The durable queue; retry and parking queues are named after it.</summary>
    [Required]
    [RegularExpression("^[a-z0-9._-]{1,200}$")]
    public string Queue { get; set; } = "indexing.catalog-changes";

    /// <summary>Unacknowledged messages the broker may push to this consumer at once.</summary>
    [Range(1, 10_000)]
    public int Prefetch { get; set; } = 64;

    /// <summary>Events handled together: one metadata fetch and one embedding call per batch.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 32;

    /// <summary>How long the first event of a batch waits for more (LB-F4 in docs/slo.md).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan BatchWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Delay before each retry of a failed message; its length is the number of retries, after which the message
    /// is parked. Each delay is a queue whose TTL dead-letters the message back to the main queue.
    /// Default (when none is configured): 1 s, 10 s, 60 s.
    /// </summary>
    [MinLength(1)]
    public List<TimeSpan> RetryDelays { get; set; } = [];

    /// <summary>Pause after a dependency outage (metadata, embedding, vector database), doubled up to the maximum.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutagePause { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxOutagePause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, how long the batch in hand may take to finish before its messages are returned.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Prefetch < BatchSize)
        {
            yield return new ValidationResult("Consumer:Prefetch must be at least Consumer:BatchSize.", [nameof(Prefetch)]);
        }
        if (RetryDelays.Any(d => d < TimeSpan.FromMilliseconds(10) || d > TimeSpan.FromHours(24)))
        {
            yield return new ValidationResult("Each Consumer:RetryDelays entry must be between 10 ms and 24 h.", [nameof(RetryDelays)]);
        }
    }
}
