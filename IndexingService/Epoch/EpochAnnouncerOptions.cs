using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>Section <c>EpochAnnouncer</c>: where and how often the index epoch is announced.</summary>
public sealed class EpochAnnouncerOptions
{
    public const string Section = "EpochAnnouncer";

    [Required]
    public string RedisConnectionName { get; set; } = "redis";

    /// <summary>How often the epoch is re-read from PostgreSQL and the Redis key re-asserted (heals missed announcements).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReassertInterval { get; set; } = TimeSpan.FromSeconds(5);
}
