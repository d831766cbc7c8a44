using FitnessAssistant.IndexingService.Epoch;

namespace FitnessAssistant.IndexingService.Tests.Fakes;

internal sealed class FakeAnnouncer : IEpochAnnouncer
{
    public List<DateTimeOffset> Committed { get; } = [];

    public int Switches { get; private set; }

    public void ChangesCommitted(IReadOnlyCollection<DateTimeOffset> occurredAt) => Committed.AddRange(occurredAt);

    public void EpochChanged() => Switches++;
}
