using System.Diagnostics;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Services;

/// <summary>Every service's <c>/metrics</c> (ServiceDefaults), read the way Prometheus reads it.</summary>
[Collection(SystemCollection.Name)]
public sealed class ServiceMetricsTests(SystemFixture system)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Metrics_are_in_the_Prometheus_text_format_with_requests_per_route_and_health_checks()
    {
        await system.EnsureRunningAsync("metadata");
        var service = system.Endpoint("metadata");
        (await Http.GetAsync(new Uri(service, "/alive"))).EnsureSuccessStatusCode();
        (await Http.GetAsync(new Uri(service, "/no-such-route"))).StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);

        // The health-check gauge appears once the publisher has run the checks (2 s after start, then every 15 s).
        string text;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            using var response = await Http.GetAsync(new Uri(service, "/metrics"));
            response.Content.Headers.ContentType!.ToString().Should().Be("text/plain; version=0.0.4; charset=utf-8");
            text = await response.Content.ReadAsStringAsync();
        }
        while (!text.Contains("fitness_health_status{") && DateTime.UtcNow < deadline && await Delay());

        // OpenTelemetry's exporter labels every series with the meter that made it (otel_scope_name).
        text.Should().Contain("fitness_health_status{otel_scope_name=\"FitnessAssistant.Health\",check=\"self\"} 1\n");
        text.Should().MatchRegex("""http_server_request_duration_seconds_count\{otel_scope_name="Microsoft.AspNetCore.Hosting",http_request_method="GET",http_response_status_code="200",http_route="/alive",[^}]*\} [1-9]""");
        text.Should().MatchRegex("""http_server_request_duration_seconds_bucket\{[^}]*http_response_status_code="404"[^}]*le="\+Inf"\} [1-9]""");
        text.Should().Contain("# TYPE dotnet_gc_collections_total counter");

        var (exitCode, output) = await PromtoolCheckMetricsAsync(text);
        // promtool lints too (exit 3): the runtime's own names such as dotnet.process.cpu.count end in _count, which
        // its linter dislikes for gauges. Exit 1 would be a format error.
        exitCode.Should().BeOneOf([0, 3], output);
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().OnlyContain(line => line.Contains("should not have \"_count\" suffix"), output);
    }

    [Fact]
    public async Task The_gateway_serves_its_metrics_on_its_management_port_only()
    {
        await system.EnsureRunningAsync("gateway");
        var gateway = system.Endpoint("gateway");

        using (var management = await Http.GetAsync(new Uri(system.Endpoint("gateway", "management"), "/metrics")))
        {
            management.EnsureSuccessStatusCode();
            (await management.Content.ReadAsStringAsync()).Should().Contain("http_server_request_duration_seconds");
        }
        foreach (var host in new[] { null, $"127.0.0.1:{system.TargetPort("gateway", "management")}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/metrics"));
            if (host is not null)
            {
                request.Headers.Host = host; // the port a client names is not the port it reached
            }
            using var publicPort = await Http.SendAsync(request);
            publicPort.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound, $"Host {host ?? "(default)"} on the public port");
            (await publicPort.Content.ReadAsStringAsync()).Should().NotContain("http_server_request_duration_seconds");
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(500);
        return true;
    }

    private static async Task<(int ExitCode, string Output)> PromtoolCheckMetricsAsync(string text)
    {
        using var promtool = Process.Start(new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await promtool.StandardInput.WriteAsync(text);
        promtool.StandardInput.Close();
        var output = await promtool.StandardOutput.ReadToEndAsync() + await promtool.StandardError.ReadToEndAsync();
        await promtool.WaitForExitAsync();
        return (promtool.ExitCode, output);
    }
}
