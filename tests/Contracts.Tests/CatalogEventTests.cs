using System.Text;

namespace FitnessAssistant.Contracts.Tests;

/// <summary>
/// The wire form of a catalog event, byte for byte as the outbox published it before producer and consumer shared
/// this record (docs/metadata.md): a change here breaks every consumer still running the previous build.
/// </summary>
public sealed class CatalogEventTests
{
    private static readonly Guid EventId = Guid.Parse("0b7c6f7e-1111-4222-8333-944455556666");
    private static readonly DateTime Second = new(2026, 11, 21, 8, 56, 5, DateTimeKind.Utc);

    public static TheoryData<DateTime, string> Times => new()
    {
        { Second.AddMilliseconds(146), "2026-11-21T08:56:05.146Z" },
        // PostgreSQL's timestamptz keeps microseconds.
        { Second.AddTicks(1_461_230), "2026-11-21T08:56:05.146123Z" },
        { Second, "2026-11-21T08:56:05Z" },
    };

    [Theory]
    [MemberData(nameof(Times))]
    public void An_event_serialises_to_the_published_json(DateTime occurredAt, string written)
    {
        var json = new CatalogEvent(EventId, CatalogEventTypes.Upserted, "Barbell_Deadlift", 1042, occurredAt).ToJson();

        Encoding.UTF8.GetString(json).Should().Be(
            $$"""{"eventId":"0b7c6f7e-1111-4222-8333-944455556666","type":"exercise.upserted","exerciseId":"Barbell_Deadlift","rowVersion":1042,"occurredAt":"{{written}}"}""");
    }

    [Fact]
    public void The_published_json_reads_back_as_the_same_event()
    {
        var published = new CatalogEvent(EventId, CatalogEventTypes.Deleted, "Barbell_Deadlift", 1043, Second.AddTicks(1_461_230));

        var read = CatalogEvent.FromJson(published.ToJson());

        read.Should().Be(published);
        read!.OccurredAt.Kind.Should().Be(DateTimeKind.Utc);
    }
}
