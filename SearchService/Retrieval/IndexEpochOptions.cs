using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>How the epoch monitor polls (section <c>Search:IndexEpoch</c>).</summary>
public sealed class IndexEpochOptions
{
    public const string Section = "Search:IndexEpoch";

    /// <summary>The fallback when an announcement is lost: SLO-F3 allows 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
