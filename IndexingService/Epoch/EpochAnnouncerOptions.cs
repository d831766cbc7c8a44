using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>Section <c>EpochAnnouncer</c>: where and how often the index epoch is announced.</summary>
public sealed class EpochAnnouncerOptions
{
    public const string Section = "EpochAnnouncer";

    [Required]
    public string RedisConnectionName { get; set; } = "redis";

    /// <summary>Epoch bumps for writes are coalesced to at most one per interval (LB-F8 in docs/slo.md).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the epoch is re-read from PostgreSQL and the Redis key re-asserted (heals missed announcements).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReassertInterval { get; set; } = TimeSpan.FromSeconds(5);
}
