namespace FitnessAssistant.VectorIndex.Tests;

public sealed class IndexEpochAnnouncementTests
{
    [Fact]
    public void The_announcement_round_trips_as_camel_case_json()
    {
        var announcement = new IndexEpochAnnouncement(42, "v3", new EmbeddingModel("use-lite", "1"));
        var json = announcement.ToJson();
        json.Should().Be("""{"epoch":42,"activeVersion":"v3","model":{"id":"use-lite","version":"1"}}""");
        IndexEpochAnnouncement.FromJson(json).Should().Be(announcement);
    }

    [Fact]
    public void Garbage_on_the_channel_is_not_an_announcement()
        => IndexEpochAnnouncement.FromJson("{not json").Should().BeNull();
}
