using System.Diagnostics;

namespace FitnessAssistant.AppHost.Tests.Prometheus;

/// <summary>The shipped Prometheus configuration and alert rules, checked by Prometheus' own tool.</summary>
public sealed class PrometheusRulesTests
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "prometheus");

    [Fact]
    public async Task Alert_rules_are_valid()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", "alerts.yml");

        exitCode.Should().Be(0, output);
        output.Should().Contain("SUCCESS");
    }

    [Fact]
    public async Task Alert_rules_fire_on_their_test_series_and_stay_quiet_otherwise()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", "alerts.test.yml");

        exitCode.Should().Be(0, output);
    }

    [Fact]
    public async Task The_configuration_is_valid()
    {
        var (exitCode, output) = await PromtoolAsync("check", "config", "--syntax-only", "prometheus.yml");

        exitCode.Should().Be(0, output);
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        // Installed by eng/install-prerequisites.sh (Debian's prometheus package).
        var start = new ProcessStartInfo("promtool", arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
