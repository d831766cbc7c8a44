using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using FitnessAssistant.AppHost.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.AppHost.Tests.Orchestration;

/// <summary>
/// The state volume's gauges (on the AppHost's /metrics as <c>fitness_apphost_disk_free_bytes</c> and
/// <c>..._size_bytes</c>, what DiskAlmostFull reads), checked against df.
/// </summary>
public sealed class StateVolumeMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _directory = Directory.CreateTempSubdirectory("fa-state-volume-").FullName;

    [Fact]
    public async Task Free_and_total_bytes_are_those_df_reports_for_the_state_directory()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        StateVolumeMetrics.Publish(_directory, meters);

        var observed = Observe(meters);
        var (available, size) = await DfAsync(_directory);

        observed.Keys.Should().BeEquivalentTo(["fitness.apphost.disk.free", "fitness.apphost.disk.size"]);
        observed.Values.Should().OnlyContain(sample => sample.Unit == "By" && sample.Path == _directory);
        observed["fitness.apphost.disk.size"].Value.Should().Be(size);
        // Other work on the machine writes meanwhile: equal within 64 MiB.
        observed["fitness.apphost.disk.free"].Value.Should().BeCloseTo(available, 64L << 20);
    }

    [Fact]
    public void A_state_directory_that_cannot_be_read_gives_no_series_rather_than_zero()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        StateVolumeMetrics.Publish(Path.Combine(_directory, "gone", "missing"), meters);

        Observe(meters).Should().BeEmpty();
    }

    /// <summary>One collection of the gauges the factory's meters publish, as an exporter's scrape makes it.</summary>
    private static Dictionary<string, (long Value, string? Unit, string? Path)> Observe(IMeterFactory meters)
    {
        var observed = new Dictionary<string, (long, string?, string?)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            observed[instrument.Name] = (value, instrument.Unit, tags.ToArray().Single(tag => tag.Key == "path").Value as string));
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }

    private static async Task<(long Available, long Size)> DfAsync(string path)
    {
        using var df = Process.Start(new ProcessStartInfo("df", ["-B1", "--output=avail,size", path]) { RedirectStandardOutput = true })!;
        var output = await df.StandardOutput.ReadToEndAsync();
        await df.WaitForExitAsync();
        var figures = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (long.Parse(figures[0], CultureInfo.InvariantCulture), long.Parse(figures[1], CultureInfo.InvariantCulture));
    }

    public void Dispose()
    {
        _services.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
