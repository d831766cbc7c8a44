using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using FitnessAssistant.AppHost.Orchestration;
using FitnessAssistant.ServiceDefaults.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.AppHost.Tests.Orchestration;

/// <summary>The state volume's figures on the AppHost's /metrics (what DiskAlmostFull reads), checked against df.</summary>
public sealed class StateVolumeMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly string _directory = Directory.CreateTempSubdirectory("fa-state-volume-").FullName;

    [Fact]
    public async Task Free_and_total_bytes_are_those_df_reports_for_the_state_directory()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var collector = new PrometheusCollector(meter => ReferenceEquals(meter.Scope, meters));
        StateVolumeMetrics.Publish(_directory, meters);

        var text = collector.Collect();
        var (available, size) = await DfAsync(_directory);

        text.Should().Contain("# TYPE fitness_apphost_disk_free_bytes gauge\n").And.Contain("# TYPE fitness_apphost_disk_size_bytes gauge\n");
        Value(text, "fitness_apphost_disk_size_bytes").Should().Be(size);
        // Other work on the machine writes meanwhile: equal within 64 MiB.
        Value(text, "fitness_apphost_disk_free_bytes").Should().BeCloseTo(available, 64UL << 20);
    }

    [Fact]
    public void A_state_directory_that_cannot_be_read_gives_no_series_rather_than_zero()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var collector = new PrometheusCollector(meter => ReferenceEquals(meter.Scope, meters));
        StateVolumeMetrics.Publish(Path.Combine(_directory, "gone", "missing"), meters);

        collector.Collect().Should().NotContain("fitness_apphost_disk_free_bytes{");
    }

    private static long Value(string text, string metric)
    {
        var sample = Regex.Match(text, $@"^{metric}\{{path=""[^""]*""\}} (\S+)$", RegexOptions.Multiline);
        sample.Success.Should().BeTrue($"{metric} should be in:\n{text}");
        return long.Parse(sample.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
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
