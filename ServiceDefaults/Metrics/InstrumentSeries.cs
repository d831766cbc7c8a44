using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace FitnessAssistant.ServiceDefaults.Metrics;

/// <summary>
/// The aggregated values of one instrument, one series per distinct tag set: a running sum (counters, up-down
/// counters), the last value (gauges, observable instruments) or bucket counts (histograms).
/// </summary>
internal sealed class InstrumentSeries
{
    /// <summary>Past this many tag sets an instrument's new series are dropped: a label with unbounded values must not exhaust memory.</summary>
    public const int MaxSeries = 2000;

    /// <summary>OpenTelemetry's default explicit boundaries, for histograms without advice (seconds-based ones get finer ones).</summary>
    private static readonly double[] DefaultBoundaries = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
    private static readonly double[] SecondsBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private readonly ConcurrentDictionary<string, Series> _series = new();
    private long _dropped;

    public InstrumentSeries(Instrument instrument)
    {
        Instrument = instrument;
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        (Type, Accumulates) = definition.Name switch
        {
            "Counter`1" => (PrometheusMetricType.Counter, true),
            "ObservableCounter`1" => (PrometheusMetricType.Counter, false),
            "UpDownCounter`1" => (PrometheusMetricType.Gauge, true),
            "Histogram`1" => (PrometheusMetricType.Histogram, true),
            _ => (PrometheusMetricType.Gauge, false), // Gauge, ObservableGauge, ObservableUpDownCounter: the last value
        };
        Name = PrometheusNames.MetricName(instrument.Name, instrument.Unit, Type);
        Boundaries = Type == PrometheusMetricType.Histogram ? BoundariesOf(instrument) : [];
    }

    public Instrument Instrument { get; }

    public PrometheusMetricType Type { get; }

    public string Name { get; }

    /// <summary>True when measurements add up (Counter, UpDownCounter, Histogram); false when each replaces the last.</summary>
    public bool Accumulates { get; }

    public double[] Boundaries { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = LabelKey(tags);
        if (!_series.TryGetValue(key, out var series))
        {
            if (_series.Count >= MaxSeries)
            {
                Interlocked.Increment(ref _dropped);
                return;
            }
            series = _series.GetOrAdd(key, _ => new Series(Boundaries.Length));
        }
        series.Record(value, Type, Accumulates, Boundaries);
    }

    /// <summary>Observable instruments report every series anew on each collection; series they stop reporting go.</summary>
    public void ClearObserved()
    {
        if (Instrument.IsObservable)
        {
            _series.Clear();
        }
    }

    public void WriteSeries(StringBuilder output)
    {
        foreach (var (labels, series) in _series.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            series.Write(output, Name, labels, Type, Boundaries);
        }
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped > 0)
        {
            output.Append("# ").Append(dropped).Append(" measurements of ").Append(Name)
                .Append(" dropped: more than ").Append(MaxSeries).Append(" label sets\n");
        }
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string LabelKey(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0)
        {
            return "";
        }
        var sorted = tags.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }
            builder.Append(PrometheusNames.LabelName(key)).Append("=\"")
                .Append(PrometheusNames.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }
        return builder.ToString();
    }

    private static double[] BoundariesOf(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        if (advised is not null)
        {
            return [.. advised.Order()];
        }
        return instrument.Unit == "s" ? SecondsBoundaries : DefaultBoundaries;
    }

    private sealed class Series(int boundaries)
    {
        private readonly long[] _buckets = new long[boundaries + 1];
        private double _value;

        public void Record(double value, PrometheusMetricType type, bool accumulates, double[] bounds)
        {
            if (type == PrometheusMetricType.Histogram)
            {
                var index = Array.BinarySearch(bounds, value);
                Interlocked.Increment(ref _buckets[index >= 0 ? index : ~index]);
            }
            if (!accumulates)
            {
                Volatile.Write(ref _value, value);
                return;
            }
            double seen, sum;
            do
            {
                seen = Volatile.Read(ref _value);
                sum = seen + value;
            }
            while (Interlocked.CompareExchange(ref _value, sum, seen) != seen);
        }

        public void Write(StringBuilder output, string name, string labels, PrometheusMetricType type, double[] bounds)
        {
            if (type != PrometheusMetricType.Histogram)
            {
                Line(output, name, labels, Number(Volatile.Read(ref _value)));
                return;
            }
            long cumulative = 0;
            for (var i = 0; i <= bounds.Length; i++)
            {
                cumulative += Interlocked.Read(ref _buckets[i]);
                var le = i < bounds.Length ? Number(bounds[i]) : "+Inf";
                Line(output, name + "_bucket", labels.Length == 0 ? $"le=\"{le}\"" : $"{labels},le=\"{le}\"", cumulative.ToString(CultureInfo.InvariantCulture));
            }
            Line(output, name + "_sum", labels, Number(Volatile.Read(ref _value)));
            // The count is the +Inf bucket, so the two always agree even while measurements arrive.
            Line(output, name + "_count", labels, cumulative.ToString(CultureInfo.InvariantCulture));
        }

        private static void Line(StringBuilder output, string name, string labels, string value)
        {
            output.Append(name);
            if (labels.Length > 0)
            {
                output.Append('{').Append(labels).Append('}');
            }
            output.Append(' ').Append(value).Append('\n');
        }
    }
}
