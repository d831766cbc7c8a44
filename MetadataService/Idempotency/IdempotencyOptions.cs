using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.MetadataService.Idempotency;

/// <summary>How long idempotency keys of admin writes are kept (section <c>Idempotency</c>).</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>A key answers retries at least this long; clients may rely on 24 hours.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often expired keys are deleted: one indexed DELETE per interval and replica.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
