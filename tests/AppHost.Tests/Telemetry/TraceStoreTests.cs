using FitnessAssistant.AppHost.Telemetry;

namespace FitnessAssistant.AppHost.Tests.Telemetry;

public sealed class TraceStoreTests
{
    [Fact]
    public void Spans_arriving_in_any_order_form_one_trace_rooted_at_the_span_without_parent()
    {
        var store = new TraceStore();
        // Children end first, so exporters usually send them before their parents.
        store.Add([Span("t1", "c", "b", "metadata", 30, 40), Span("t1", "b", "a", "search", 20, 50)]);
        store.Add([Span("t1", "a", null, "gateway", 10, 60, route: "/api/v1/search")]);

        var summary = store.List().Should().ContainSingle().Subject;
        summary.RootService.Should().Be("gateway");
        summary.SpanCount.Should().Be(3);
        summary.Services.Should().Equal("gateway", "metadata", "search");
        summary.DurationMs.Should().BeApproximately(50 / 1e6, 1e-12);
        store.Get("T1")!.Spans.Select(span => span.SpanId).Should().Equal("a", "b", "c");
    }

    [Fact]
    public void Newest_first_filtered_by_service_and_probes_hidden()
    {
        var store = new TraceStore();
        store.Add([Span("old", "a", null, "gateway", 1, 2)]);
        store.Add([Span("new", "b", null, "metadata", 5, 6)]);
        store.Add([Span("probe", "c", null, "gateway", 9, 10, route: "/health")]);
        store.Add([Span("active-health-check", "d", null, "gateway", 11, 12, kind: "client",
            attributes: new() { ["url.full"] = "http://127.0.0.1:5003/health" })]);

        store.List().Select(t => t.TraceId).Should().Equal("new", "old");
        store.List(service: "gateway").Select(t => t.TraceId).Should().Equal("old");
    }

    [Fact]
    public void The_oldest_trace_is_evicted_past_the_limit()
    {
        var store = new TraceStore();
        for (var i = 0; i <= TraceStore.MaxTraces; i++)
        {
            store.Add([Span($"t{i}", "a", null, "gateway", i, i + 1)]);
        }

        store.TraceCount.Should().Be(TraceStore.MaxTraces);
        store.Get("t0").Should().BeNull();
        store.Get($"t{TraceStore.MaxTraces}").Should().NotBeNull();
    }

    private static SpanRecord Span(string trace, string id, string? parent, string service, long start, long end,
        string? route = null, string kind = "server", Dictionary<string, string>? attributes = null)
    {
        attributes ??= [];
        if (route is not null)
        {
            attributes["http.route"] = route;
        }
        return new(trace, id, parent, "span " + id, kind, service, service, "test", start, end, "unset", null, attributes, []);
    }
}
