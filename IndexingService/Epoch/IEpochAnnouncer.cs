namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>Writers tell the announcer what they committed, so the epoch moves (coalesced) and is announced promptly.</summary>
public interface IEpochAnnouncer
{
    /// <summary>Changes to the active version committed; <paramref name="occurredAt"/>: when each catalog change happened (for the lag metric).</summary>
    void ChangesCommitted(IReadOnlyCollection<DateTimeOffset> occurredAt);

    /// <summary>The active version was switched (the epoch already moved).</summary>
    void EpochChanged();
}
