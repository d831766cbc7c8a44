namespace FitnessAssistant.IndexingService.Epoch;

/// <summary>Writers call this after a commit that moved the epoch, so it is announced now rather than at the next tick.</summary>
public interface IEpochAnnouncer
{
    void EpochChanged();
}
