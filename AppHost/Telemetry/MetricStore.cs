using FitnessAssistant.AppHost.Telemetry.Otlp;

namespace FitnessAssistant.AppHost.Telemetry;

/// <summary>
/// What the dashboard shows of the metrics services export over OTLP: headline figures per service (requests per
/// second, error rate, p95 latency over the last minute, from ASP.NET Core's <c>http.server.request.duration</c>
/// histogram) and the latest value of every series of the project's own meters.
/// </summary>
/// <remarks>
/// Exporters send cumulative histograms by default; each export is turned into the increase since the previous one
/// of the same series (a series whose start time changed, i.e. a restarted process, starts from zero again), so the
/// figures are over a sliding window whatever temporality a service uses.
/// </remarks>
public sealed class MetricStore(TimeProvider time)
{
    public const string RequestDurationMetric = "http.server.request.duration";
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private static readonly HashSet<string> ProbeRoutes = ["/health", "/alive", "/metrics"];
    private const int MaxLatestSeries = 5000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CumulativePoint> _previous = new();
    private readonly List<RequestSample> _samples = [];
    private readonly Dictionary<string, LatestMetric> _latest = new();

    public MetricStore() : this(TimeProvider.System)
    {
    }

    public void Add(ExportMetricsServiceRequest request)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var resourceMetrics in request.ResourceMetrics)
            {
                var (service, instance) = OtlpConversions.Identity(resourceMetrics.Resource);
                foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
                {
                    var scope = scopeMetrics.Scope?.Name ?? "";
                    foreach (var metric in scopeMetrics.Metrics)
                    {
                        if (metric.Name == RequestDurationMetric && metric.DataCase == Metric.DataOneofCase.Histogram)
                        {
                            AddRequestDurations(service, instance, metric.Histogram, now);
                        }
                        if (scope.StartsWith("FitnessAssistant", StringComparison.Ordinal))
                        {
                            RememberLatest(service, instance, metric, now);
                        }
                    }
                }
            }
            _samples.RemoveAll(sample => now - sample.At > Window);
        }
    }

    /// <summary>Per service (replicas together): requests/s, share of 5xx answers and p95 latency over <see cref="Window"/>.</summary>
    public IReadOnlyList<ServiceHeadline> Headlines()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _samples.Where(sample => now - sample.At <= Window)
                .GroupBy(sample => sample.Service)
                .Select(group =>
                {
                    var requests = group.Sum(sample => sample.Count);
                    var errors = group.Sum(sample => sample.Errors);
                    return new ServiceHeadline(
                        group.Key,
                        requests,
                        requests / Window.TotalSeconds,
                        requests == 0 ? 0 : (double)errors / requests,
                        Percentile(group, 0.95) * 1000);
                })
                .OrderBy(headline => headline.Service, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The latest value of every series of the project's own meters (cache hit ratio, queue depth, batch sizes, ...).</summary>
    public IReadOnlyList<LatestMetric> Latest()
    {
        lock (_gate)
        {
            return [.. _latest.Values.OrderBy(m => m.Service).ThenBy(m => m.Name).ThenBy(m => m.Instance).ThenBy(m => m.Attributes)];
        }
    }

    /// <summary>
    /// The q-quantile of the merged bucket increases, interpolated linearly inside the bucket it falls in (as
    /// Prometheus' histogram_quantile does); null when there was no request.
    /// </summary>
    public static double? Percentile(IEnumerable<RequestSample> samples, double q)
    {
        var withBuckets = samples.Where(sample => sample.Count > 0 && sample.Buckets.Length == sample.Bounds.Length + 1).ToList();
        if (withBuckets.Count == 0)
        {
            return null;
        }
        // Every replica of a service uses the same boundaries (the framework's advice); merge those that share the most common set.
        var bounds = withBuckets.GroupBy(sample => string.Join(',', sample.Bounds)).MaxBy(group => group.Count())!.First().Bounds;
        var merged = new long[bounds.Length + 1];
        foreach (var sample in withBuckets.Where(sample => sample.Bounds.SequenceEqual(bounds)))
        {
            for (var i = 0; i < merged.Length; i++)
            {
                merged[i] += sample.Buckets[i];
            }
        }
        var total = merged.Sum();
        if (total == 0)
        {
            return null;
        }
        var rank = q * total;
        long seen = 0;
        for (var i = 0; i < merged.Length; i++)
        {
            if (seen + merged[i] >= rank && merged[i] > 0)
            {
                if (i == bounds.Length)
                {
                    return bounds.Length == 0 ? null : bounds[^1]; // beyond the last boundary: the most that can be said
                }
                var lower = i == 0 ? 0 : bounds[i - 1];
                return lower + (bounds[i] - lower) * ((rank - seen) / merged[i]);
            }
            seen += merged[i];
        }
        return bounds.Length == 0 ? null : bounds[^1];
    }

    private void AddRequestDurations(string service, string instance, Histogram histogram, DateTimeOffset now)
    {
        var delta = histogram.AggregationTemporality == AggregationTemporality.Delta;
        foreach (var point in histogram.DataPoints)
        {
            var attributes = OtlpConversions.Attributes(point.Attributes);
            if (attributes.TryGetValue("http.route", out var route) && ProbeRoutes.Contains(route))
            {
                continue;
            }
            var buckets = point.BucketCounts.Select(count => (long)count).ToArray();
            var count = (long)point.Count;
            if (!delta)
            {
                var key = $"{instance}|{string.Join('|', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))}";
                var previous = _previous.GetValueOrDefault(key);
                _previous[key] = new CumulativePoint(point.StartTimeUnixNano, count, buckets);
                if (previous is not null && previous.StartTimeUnixNano == point.StartTimeUnixNano && previous.Count <= count
                    && previous.Buckets.Length == buckets.Length)
                {
                    count -= previous.Count;
                    buckets = [.. buckets.Zip(previous.Buckets, (current, before) => current - before)];
                }
                else if (previous is null && now - DateTimeOffset.FromUnixTimeMilliseconds((long)(point.StartTimeUnixNano / 1_000_000)) > Window)
                {
                    continue; // first sight of an old series: only a baseline, its total is not recent traffic
                }
            }
            if (count == 0)
            {
                continue;
            }
            var errors = attributes.TryGetValue("http.response.status_code", out var status) && int.TryParse(status, out var code) && code >= 500
                ? count
                : 0;
            _samples.Add(new RequestSample(now, service, count, errors, [.. point.ExplicitBounds], buckets));
        }
    }

    private void RememberLatest(string service, string instance, Metric metric, DateTimeOffset now)
    {
        void Remember(Google.Protobuf.Collections.RepeatedField<KeyValue> attributes, string value)
        {
            var text = string.Join(", ", OtlpConversions.Attributes(attributes).OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));
            var key = $"{instance}|{metric.Name}|{text}";
            if (_latest.Count < MaxLatestSeries || _latest.ContainsKey(key))
            {
                _latest[key] = new LatestMetric(service, instance, metric.Name, metric.Unit, text, value, now);
            }
        }

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                metric.Gauge.DataPoints.ToList().ForEach(p => Remember(p.Attributes, Number(p)));
                break;
            case Metric.DataOneofCase.Sum:
                metric.Sum.DataPoints.ToList().ForEach(p => Remember(p.Attributes, Number(p)));
                break;
            case Metric.DataOneofCase.Histogram:
                metric.Histogram.DataPoints.ToList().ForEach(p => Remember(p.Attributes,
                    p.Count == 0 ? "count 0" : $"count {p.Count}, mean {Round(p.Sum / p.Count)}" + (p.HasMax ? $", max {Round(p.Max)}" : "")));
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                metric.ExponentialHistogram.DataPoints.ToList().ForEach(p => Remember(p.Attributes,
                    p.Count == 0 ? "count 0" : $"count {p.Count}, mean {Round(p.Sum / p.Count)}"));
                break;
        }
    }

    private static string Number(NumberDataPoint point)
        => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt.ToString() : Round(point.AsDouble);

    private static string Round(double value) => Math.Round(value, 4).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record CumulativePoint(ulong StartTimeUnixNano, long Count, long[] Buckets);
}

/// <summary>The increase of one request-duration series between two exports.</summary>
public sealed record RequestSample(DateTimeOffset At, string Service, long Count, long Errors, double[] Bounds, long[] Buckets);

/// <summary>The dashboard's headline figures for one service over the last minute; p95 is null without traffic.</summary>
public sealed record ServiceHeadline(string Service, long Requests, double RequestsPerSecond, double ErrorRate, double? P95Ms);

public sealed record LatestMetric(string Service, string Instance, string Name, string Unit, string Attributes, string Value, DateTimeOffset At);
