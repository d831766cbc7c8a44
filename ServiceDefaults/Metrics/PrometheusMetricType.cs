namespace FitnessAssistant.ServiceDefaults.Metrics;

/// <summary>The Prometheus metric types an instrument is exposed as.</summary>
public enum PrometheusMetricType
{
    /// <summary>Counter and ObservableCounter: monotonic sums, named with <c>_total</c>.</summary>
    Counter,

    /// <summary>Gauges, UpDownCounters and their observable forms: values that go up and down.</summary>
    Gauge,

    /// <summary>Histogram: cumulative <c>_bucket{le=...}</c> counts, <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
