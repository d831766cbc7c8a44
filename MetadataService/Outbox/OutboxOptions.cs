using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>Outbox relay settings (section <c>Outbox</c>); the broker address is <c>ConnectionStrings:eventbus</c>.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Durable topic exchange the catalog events go to.</summary>
    [Required, RegularExpression("^[A-Za-z0-9._-]{1,127}$")]
    public string Exchange { get; set; } = "catalog.events";

    /// <summary>Events per publish round; each round is marked sent in one statement.</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How long the relay sleeps without a notification before looking at the outbox anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between attempts while the broker is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the broker has to confirm a message before the publish counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConfirmTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Sent events are kept this long (for inspection and replays), then deleted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SentRetention { get; set; } = TimeSpan.FromDays(7);
}
