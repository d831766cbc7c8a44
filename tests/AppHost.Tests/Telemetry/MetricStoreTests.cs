using FitnessAssistant.AppHost.Telemetry;
using FitnessAssistant.AppHost.Telemetry.Otlp;

namespace FitnessAssistant.AppHost.Tests.Telemetry;

public sealed class MetricStoreTests
{
    private static readonly double[] Bounds = [0.01, 0.05, 0.1, 0.5];
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void Cumulative_exports_become_increases_and_headlines_cover_the_last_minute()
    {
        var store = new MetricStore(_time);
        var start = Nanos(_time.GetUtcNow()) - 1_000_000_000;

        store.Add(Export("search", "search-1", start, ("/api/v1/search", 200, [10, 20, 0, 0, 0])));
        _time.Advance(TimeSpan.FromSeconds(5));
        // 60 more requests, 6 of them failing; the first export's 30 count once, not twice.
        store.Add(Export("search", "search-1", start,
            ("/api/v1/search", 200, [10, 20, 54, 0, 0]),
            ("/api/v1/search", 503, [0, 0, 0, 6, 0])));

        var headline = store.Headlines().Should().ContainSingle().Subject;
        headline.Service.Should().Be("search");
        headline.Requests.Should().Be(90);
        headline.RequestsPerSecond.Should().BeApproximately(90 / 60.0, 1e-9);
        headline.ErrorRate.Should().BeApproximately(6 / 90.0, 1e-9);
        // Rank 0.95 * 90 = 85.5; 84 requests took at most 0.1 s, the 6 failures fall in (0.1, 0.5]: 0.1 + 0.4 * (1.5 / 6).
        headline.P95Ms.Should().BeApproximately((0.1 + 0.4 * (1.5 / 6)) * 1000, 1e-6);
    }

    [Fact]
    public void Replicas_of_a_service_are_added_up()
    {
        var store = new MetricStore(_time);
        var start = Nanos(_time.GetUtcNow());

        store.Add(Export("search", "search-1", start, ("/api/v1/search", 200, [5, 0, 0, 0, 0])));
        store.Add(Export("search", "search-2", start, ("/api/v1/search", 200, [7, 0, 0, 0, 0])));

        store.Headlines().Single().Requests.Should().Be(12);
    }

    [Fact]
    public void A_restarted_process_starts_its_series_again_instead_of_counting_negative_requests()
    {
        var store = new MetricStore(_time);
        var firstLife = Nanos(_time.GetUtcNow());
        store.Add(Export("metadata", "metadata", firstLife, ("/api/v1/exercises", 200, [100, 0, 0, 0, 0])));
        _time.Advance(TimeSpan.FromSeconds(5));

        store.Add(Export("metadata", "metadata", Nanos(_time.GetUtcNow()), ("/api/v1/exercises", 200, [3, 0, 0, 0, 0])));

        store.Headlines().Single().Requests.Should().Be(103);
    }

    [Fact]
    public void Probes_are_not_traffic_and_old_samples_leave_the_window()
    {
        var store = new MetricStore(_time);
        var start = Nanos(_time.GetUtcNow());
        store.Add(Export("gateway", "gateway", start, ("/health", 200, [500, 0, 0, 0, 0]), ("/api/v1/search", 200, [1, 0, 0, 0, 0])));
        store.Headlines().Single().Requests.Should().Be(1);

        _time.Advance(MetricStore.Window + TimeSpan.FromSeconds(1));

        store.Headlines().Should().BeEmpty();
    }

    [Fact]
    public void The_first_sight_of_a_long_running_series_is_only_a_baseline()
    {
        var store = new MetricStore(_time);
        var longAgo = Nanos(_time.GetUtcNow() - TimeSpan.FromHours(1));

        store.Add(Export("gateway", "gateway", longAgo, ("/api/v1/search", 200, [10_000, 0, 0, 0, 0])));

        store.Headlines().Should().BeEmpty();
    }

    [Fact]
    public void Percentile_is_null_without_requests_and_capped_at_the_last_boundary()
    {
        MetricStore.Percentile([], 0.95).Should().BeNull();
        var slow = new RequestSample(DateTimeOffset.UtcNow, "s", 4, 0, Bounds, [0, 0, 0, 0, 4]);

        MetricStore.Percentile([slow], 0.95).Should().Be(0.5);
    }

    [Fact]
    public void The_project_meters_latest_values_are_kept_per_series()
    {
        var store = new MetricStore(_time);
        var request = new ExportMetricsServiceRequest();
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "FitnessAssistant.Search" } };
        var gauge = new Metric { Name = "fitness.search.cache.hit_ratio", Unit = "1", Gauge = new Gauge() };
        gauge.Gauge.DataPoints.Add(new NumberDataPoint { AsDouble = 0.25, Attributes = { Attribute("cache", "result") } });
        scope.Metrics.Add(gauge);
        request.ResourceMetrics.Add(new ResourceMetrics { Resource = Resource("search", "search-1"), ScopeMetrics = { scope } });

        store.Add(request);

        var latest = store.Latest().Should().ContainSingle().Subject;
        latest.Should().BeEquivalentTo(new { Service = "search", Instance = "search-1", Name = "fitness.search.cache.hit_ratio", Attributes = "cache=result", Value = "0.25" });
    }

    private ExportMetricsServiceRequest Export(string service, string instance, ulong start, params (string Route, int Status, long[] Buckets)[] series)
    {
        var histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative };
        foreach (var (route, status, buckets) in series)
        {
            var point = new HistogramDataPoint
            {
                StartTimeUnixNano = start,
                TimeUnixNano = Nanos(_time.GetUtcNow()),
                Count = (ulong)buckets.Sum(),
                Attributes = { Attribute("http.route", route), new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = status } } },
            };
            point.ExplicitBounds.AddRange(Bounds);
            point.BucketCounts.AddRange(buckets.Select(b => (ulong)b));
            histogram.DataPoints.Add(point);
        }
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore.Hosting" } };
        scope.Metrics.Add(new Metric { Name = MetricStore.RequestDurationMetric, Unit = "s", Histogram = histogram });
        var request = new ExportMetricsServiceRequest();
        request.ResourceMetrics.Add(new ResourceMetrics { Resource = Resource(service, instance), ScopeMetrics = { scope } });
        return request;
    }

    private static Resource Resource(string service, string instance)
        => new() { Attributes = { Attribute("service.name", service), Attribute("service.instance.id", instance) } };

    private static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ulong Nanos(DateTimeOffset time) => (ulong)time.ToUnixTimeMilliseconds() * 1_000_000;
}
