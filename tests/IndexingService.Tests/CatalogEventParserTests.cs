using System.Text;
using FitnessAssistant.Contracts;
using FitnessAssistant.IndexingService.Events;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class CatalogEventParserTests
{
    [Fact]
    public void The_metadata_contract_parses()
    {
        var body = """{ "eventId": "0b7c6f7e-1111-4222-8333-944455556666", "type": "exercise.upserted", "exerciseId": "Barbell_Deadlift", "rowVersion": 1042, "occurredAt": "2026-11-21T08:56:05.146Z" }""";

        var parsed = CatalogEventParser.Parse(Encoding.UTF8.GetBytes(body), out var error);

        error.Should().BeNull();
        parsed.Should().Be(new CatalogEvent(Guid.Parse("0b7c6f7e-1111-4222-8333-944455556666"), CatalogEventTypes.Upserted, "Barbell_Deadlift", 1042,
            new DateTime(2026, 11, 21, 8, 56, 5, 146, DateTimeKind.Utc)));
        parsed!.OccurredAt.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void A_time_with_an_offset_is_read_as_the_same_instant_in_utc()
    {
        var body = """{ "eventId": "0b7c6f7e-1111-4222-8333-944455556666", "type": "exercise.deleted", "exerciseId": "a", "rowVersion": 3, "occurredAt": "2026-11-21T10:56:05+02:00" }""";

        var parsed = CatalogEventParser.Parse(Encoding.UTF8.GetBytes(body), out _);

        parsed!.OccurredAt.Should().Be(new DateTime(2026, 11, 21, 8, 56, 5, DateTimeKind.Utc));
        parsed.OccurredAt.Kind.Should().Be(DateTimeKind.Utc);
    }

    [Fact]
    public void An_event_without_its_time_counts_from_receipt()
    {
        var before = DateTime.UtcNow;

        var parsed = CatalogEventParser.Parse("""{"eventId":"0b7c6f7e-1111-4222-8333-944455556666","type":"exercise.deleted","exerciseId":"a","rowVersion":3}"""u8, out _);

        parsed!.OccurredAt.Should().BeOnOrAfter(before).And.BeOnOrBefore(DateTime.UtcNow);
    }

    [Theory]
    [InlineData("not json", "body is not a catalog event")]
    [InlineData("null", "body is empty")]
    [InlineData("""{"eventId":"0b7c6f7e-1111-4222-8333-944455556666","type":"exercise.renamed","exerciseId":"a","rowVersion":1}""", "type 'exercise.renamed'")]
    [InlineData("""{"eventId":"0b7c6f7e-1111-4222-8333-944455556666","type":"exercise.deleted","rowVersion":1}""", "exerciseId is missing")]
    [InlineData("""{"eventId":"0b7c6f7e-1111-4222-8333-944455556666","type":"exercise.deleted","exerciseId":"a","rowVersion":0}""", "rowVersion must be positive")]
    [InlineData("""{"type":"exercise.deleted","exerciseId":"a","rowVersion":3}""", "eventId is missing")]
    public void A_message_that_is_not_an_event_says_why(string body, string reason)
    {
        CatalogEventParser.Parse(Encoding.UTF8.GetBytes(body), out var error).Should().BeNull();
        error.Should().StartWith(reason);
    }
}
