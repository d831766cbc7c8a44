using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace FitnessAssistant.ServiceDefaults.Metrics;

/// <summary>
/// Listens to the framework's meters and every <c>FitnessAssistant.*</c> meter and renders them in the Prometheus text
/// format (version 0.0.4) for <c>GET /metrics</c>. OpenTelemetry's Prometheus exporter does not restore here, so this
/// is a MeterListener of its own; any meter a service adds under the project's prefix is exported with no further step.
/// </summary>
public sealed class PrometheusCollector : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _collecting = new();

    /// <param name="includeMeter">Which meters to export (by default: <see cref="Telemetry.IsExportedMeter"/>).</param>
    public PrometheusCollector(Func<Meter, bool>? includeMeter = null)
    {
        var include = includeMeter ?? (meter => Telemetry.IsExportedMeter(meter.Name));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (include(instrument.Meter))
            {
                var series = _instruments.GetOrAdd(instrument, i => new InstrumentSeries(i));
                listener.EnableMeasurementEvents(instrument, series);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => ((InstrumentSeries)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Polls the observable instruments and writes every metric family.</summary>
    public string Collect()
    {
        lock (_collecting)
        {
            foreach (var series in _instruments.Values)
            {
                series.ClearObserved();
            }
            _listener.RecordObservableInstruments();

            var output = new StringBuilder(16 * 1024);
            // Instruments of different meters may map to one name (e.g. one instrument per replica of a component):
            // they form one family, written under a single HELP/TYPE header.
            foreach (var family in _instruments.Values.GroupBy(series => series.Name).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                var first = family.First();
                // Every family gets HELP (linters ask for it): the description, or else the instrument's own name and unit.
                var help = !string.IsNullOrWhiteSpace(first.Instrument.Description)
                    ? first.Instrument.Description
                    : first.Instrument.Name + (string.IsNullOrEmpty(first.Instrument.Unit) ? "" : $" ({first.Instrument.Unit})");
                output.Append("# HELP ").Append(family.Key).Append(' ').Append(PrometheusNames.Escape(help, quote: false)).Append('\n');
                output.Append("# TYPE ").Append(family.Key).Append(' ').Append(first.Type.ToString().ToLowerInvariant()).Append('\n');
                foreach (var series in family.Where(series => series.Type == first.Type))
                {
                    series.WriteSeries(output);
                }
            }
            return output.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();
}
