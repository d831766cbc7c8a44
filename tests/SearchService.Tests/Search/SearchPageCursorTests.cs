using FitnessAssistant.SearchService.Search;

namespace FitnessAssistant.SearchService.Tests.Search;

public class SearchPageCursorTests
{
    [Fact]
    public void A_cursor_round_trips()
    {
        var cursor = SearchPageCursor.Encode(40, "abc123");

        SearchPageCursor.TryDecode(cursor, out var offset, out var fingerprint).Should().BeTrue();
        (offset, fingerprint).Should().Be((40, "abc123"));
        cursor.Should().MatchRegex("^[A-Za-z0-9_-]+$", "it travels in a query string");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("%%%")]
    [InlineData("YzEuLTEuYWJj")] // c1.-1.abc
    [InlineData("eDEuMi5hYmM")] // x1.2.abc
    [InlineData("YzEuMi4")] // c1.2.
    public void Anything_else_is_refused(string cursor)
        => SearchPageCursor.TryDecode(cursor, out _, out _).Should().BeFalse();
}
