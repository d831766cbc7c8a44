using FitnessAssistant.AppHost.Logs;

namespace FitnessAssistant.AppHost.Tests.Logs;

public sealed class LogLineParserTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_service_json_line_gives_level_category_message_exception_and_trace_id()
    {
        const string line = """{"Timestamp":"2026-11-21T08:53:21.123Z","EventId":0,"LogLevel":"Error","Category":"FitnessAssistant.Search","Message":"embedding failed","Exception":"System.Exception: boom\n   at X","State":{},"Scopes":[{"Message":"SpanId:1","SpanId":"aa","TraceId":"0af7651916cd43dd8448eb211c80319c","ParentId":"00"}]}""";

        var entry = LogLineParser.Parse(7, "search-1", line, Received);

        entry.Should().BeEquivalentTo(new LogEntry(7, "search-1", new DateTimeOffset(2026, 11, 21, 8, 53, 21, 123, TimeSpan.Zero),
            "error", "FitnessAssistant.Search", "embedding failed", "System.Exception: boom\n   at X", "0af7651916cd43dd8448eb211c80319c"));
    }

    [Theory]
    [InlineData("2026-11-21 08:53:20.955 UTC [373] LOG:  database system is ready", "")]
    [InlineData("2026-11-21 08:53:20.955 UTC [373] ERROR:  relation \"x\" does not exist", "error")]
    [InlineData("2026-11-21 08:53:20.955 UTC [373] FATAL:  password authentication failed", "crit")]
    [InlineData("\u001b[38;5;214m2026-11-21 08:54:39.883478+00:00 [warning] <0.829.0> client unexpectedly closed TCP connection\u001b[0m", "warn")]
    public void A_server_text_line_is_kept_with_its_level_guessed_and_colour_codes_removed(string line, string level)
    {
        var entry = LogLineParser.Parse(1, "postgres", line, Received);

        entry.Level.Should().Be(level);
        entry.Message.Should().NotContain("\u001b");
        entry.Timestamp.Should().Be(Received);
    }

    [Fact]
    public void A_line_that_only_looks_like_json_is_kept_as_text()
    {
        var entry = LogLineParser.Parse(1, "eventbus", "{not json", Received);

        entry.Message.Should().Be("{not json");
        entry.Category.Should().BeNull();
    }
}
