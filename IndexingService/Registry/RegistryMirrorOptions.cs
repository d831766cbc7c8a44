using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.IndexingService.Registry;

/// <summary>Section <c>RegistryMirror</c>: how the catalog's embedding-version registry is kept in step with the index.</summary>
public sealed class RegistryMirrorOptions
{
    public const string Section = "RegistryMirror";

    /// <summary>First wait after a failed pass (metadata unavailable); doubles up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of each registry call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
