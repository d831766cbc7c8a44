using System.Diagnostics;
using System.Diagnostics.Metrics;
using FitnessAssistant.ServiceDefaults.Metrics;

namespace FitnessAssistant.ServiceDefaults.Tests.Metrics;

public sealed class PrometheusCollectorTests : IDisposable
{
    // A meter of its own per test, so parallel tests and other meters in the process do not show up.
    private readonly Meter _meter = new($"FitnessAssistant.Tests.{Guid.NewGuid():N}");
    private readonly PrometheusCollector _collector;

    public PrometheusCollectorTests()
    {
        _collector = new PrometheusCollector(meter => meter == _meter);
    }

    [Fact]
    public void Counters_add_up_per_label_set_and_end_in_total()
    {
        var requests = _meter.CreateCounter<long>("fitness.search.cache.requests", "{request}", "Cache lookups by result.");
        requests.Add(3, new KeyValuePair<string, object?>("result", "hit"));
        requests.Add(1, new KeyValuePair<string, object?>("result", "miss"));
        requests.Add(2, new KeyValuePair<string, object?>("result", "hit"));

        var text = _collector.Collect();

        text.Should().Contain("# HELP fitness_search_cache_requests_total Cache lookups by result.\n")
            .And.Contain("# TYPE fitness_search_cache_requests_total counter\n")
            .And.Contain("fitness_search_cache_requests_total{result=\"hit\"} 5\n")
            .And.Contain("fitness_search_cache_requests_total{result=\"miss\"} 1\n");
    }

    [Fact]
    public void Histograms_use_the_advised_boundaries_with_cumulative_buckets()
    {
        var durations = _meter.CreateHistogram<double>("http.server.request.duration", "s",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.5, 1] });
        var route = new KeyValuePair<string, object?>("http.route", "/api/v1/search");
        foreach (var value in new[] { 0.05, 0.1, 0.3, 0.7, 3 })
        {
            durations.Record(value, route);
        }

        var text = _collector.Collect();

        text.Should().Contain("# TYPE http_server_request_duration_seconds histogram\n")
            .And.Contain("http_server_request_duration_seconds_bucket{http_route=\"/api/v1/search\",le=\"0.1\"} 2\n")
            .And.Contain("http_server_request_duration_seconds_bucket{http_route=\"/api/v1/search\",le=\"0.5\"} 3\n")
            .And.Contain("http_server_request_duration_seconds_bucket{http_route=\"/api/v1/search\",le=\"1\"} 4\n")
            .And.Contain("http_server_request_duration_seconds_bucket{http_route=\"/api/v1/search\",le=\"+Inf\"} 5\n")
            .And.Contain("http_server_request_duration_seconds_sum{http_route=\"/api/v1/search\"} 4.15\n")
            .And.Contain("http_server_request_duration_seconds_count{http_route=\"/api/v1/search\"} 5\n");
    }

    [Fact]
    public void Observable_instruments_are_read_at_each_collection_and_forget_series_they_stop_reporting()
    {
        var depths = new Dictionary<string, int> { ["main"] = 7, ["parking"] = 1 };
        _meter.CreateObservableGauge("fitness.indexing.queue.depth",
            () => depths.Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))), "{message}");
        _collector.Collect().Should().Contain("fitness_indexing_queue_depth{queue=\"parking\"} 1\n");

        depths.Remove("parking");
        depths["main"] = 9;
        var text = _collector.Collect();

        text.Should().Contain("fitness_indexing_queue_depth{queue=\"main\"} 9\n").And.NotContain("parking");
    }

    [Fact]
    public void Up_down_counters_are_gauges_that_go_both_ways()
    {
        var inFlight = _meter.CreateUpDownCounter<int>("fitness.embedding.in_flight");
        inFlight.Add(5);
        inFlight.Add(-2);

        _collector.Collect().Should().Contain("# TYPE fitness_embedding_in_flight gauge\n").And.Contain("fitness_embedding_in_flight 3\n");
    }

    [Fact]
    public void A_label_with_unbounded_values_is_capped()
    {
        var counter = _meter.CreateCounter<long>("fitness.test.by_user");
        for (var i = 0; i < 2500; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("user", i.ToString()));
        }

        var text = _collector.Collect();

        text.Split('\n').Count(line => line.StartsWith("fitness_test_by_user_total{", StringComparison.Ordinal)).Should().Be(2000);
        text.Should().Contain("# 500 measurements of fitness_test_by_user_total dropped");
    }

    [Fact]
    public async Task Promtool_accepts_the_output()
    {
        _meter.CreateCounter<long>("fitness.search.degraded", "{answer}", "Degraded answers \"by\" mode\\reason.")
            .Add(1, new KeyValuePair<string, object?>("mode", "keyword \"only\"\nnow"));
        _meter.CreateHistogram<double>("fitness.embedding.batch.size", "{text}").Record(12);
        _meter.CreateObservableGauge("fitness.search.cache.hit_ratio", () => 0.75, "1");

        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(start)!;
        await promtool.StandardInput.WriteAsync(_collector.Collect());
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();

        promtool.ExitCode.Should().Be(0, output);
        output.Should().BeEmpty();
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }
}
