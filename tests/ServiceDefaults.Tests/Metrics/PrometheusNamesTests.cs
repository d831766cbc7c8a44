using FitnessAssistant.ServiceDefaults.Metrics;

namespace FitnessAssistant.ServiceDefaults.Tests.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", PrometheusMetricType.Histogram, "http_server_request_duration_seconds")]
    [InlineData("http.server.active_requests", "{request}", PrometheusMetricType.Gauge, "http_server_active_requests")]
    [InlineData("fitness.search.degraded", "{answer}", PrometheusMetricType.Counter, "fitness_search_degraded_total")]
    [InlineData("fitness.search.cache.hit_ratio", "1", PrometheusMetricType.Gauge, "fitness_search_cache_hit_ratio")]
    [InlineData("fitness.embedding.batch.size", "{text}", PrometheusMetricType.Histogram, "fitness_embedding_batch_size")]
    [InlineData("dotnet.gc.heap.total_allocated", "By", PrometheusMetricType.Counter, "dotnet_gc_heap_total_allocated_bytes_total")]
    [InlineData("fitness.indexing.lag", "s", PrometheusMetricType.Histogram, "fitness_indexing_lag_seconds")]
    [InlineData("fitness.gateway.requests", "{request}/s", PrometheusMetricType.Gauge, "fitness_gateway_requests_per_second")]
    [InlineData("kestrel.connection-count", null, PrometheusMetricType.Gauge, "kestrel_connection_count")]
    [InlineData("9lives", "", PrometheusMetricType.Gauge, "_9lives")]
    [InlineData("fitness.outbox.oldest_age_seconds", "s", PrometheusMetricType.Gauge, "fitness_outbox_oldest_age_seconds")]
    public void Instrument_names_follow_the_OpenTelemetry_to_Prometheus_rules(string instrument, string? unit, PrometheusMetricType type, string expected)
    {
        PrometheusNames.MetricName(instrument, unit, type).Should().Be(expected);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        PrometheusNames.Escape("a\\b\"c\nd").Should().Be("a\\\\b\\\"c\\nd");
        PrometheusNames.LabelName("http.route").Should().Be("http_route");
        PrometheusNames.LabelName("__reserved").Should().Be("_reserved");
    }
}
