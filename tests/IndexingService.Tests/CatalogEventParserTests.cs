using System.Text;
using FitnessAssistant.IndexingService.Events;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class CatalogEventParserTests
{
    [Fact]
    public void The_metadata_contract_parses_with_trace_context_from_byte_array_headers()
    {
        var body = """{ "eventId": "0b7c6f7e-1111-4222-8333-944455556666", "type": "exercise.upserted", "exerciseId": "Barbell_Deadlift", "rowVersion": 1042, "occurredAt": "2026-11-21T08:56:05.146Z" }""";
        var headers = new Dictionary<string, object?>
        {
            ["traceparent"] = Encoding.UTF8.GetBytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            ["row-version"] = 1042L,
        };

        var parsed = CatalogEventParser.Parse(Encoding.UTF8.GetBytes(body), headers, out var error);

        error.Should().BeNull();
        parsed.Should().Be(new CatalogEvent(Guid.Parse("0b7c6f7e-1111-4222-8333-944455556666"), CatalogChange.Upserted, "Barbell_Deadlift", 1042,
            DateTimeOffset.Parse("2026-11-21T08:56:05.146Z"), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null));
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
        CatalogEventParser.Parse(Encoding.UTF8.GetBytes(body), null, out var error).Should().BeNull();
        error.Should().StartWith(reason);
    }
}
