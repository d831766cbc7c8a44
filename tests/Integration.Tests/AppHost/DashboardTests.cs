using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using FitnessAssistant.Hosting.Processes;
using FitnessAssistant.IntegrationTests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>
/// The whole system under the AppHost, seen through its dashboard in a real browser: every resource healthy, a
/// search through the gateway traced across services, a killed service restarted by its supervisor.
/// </summary>
/// <remarks>In the servers collection only so that it does not run beside the other real-server tests on two cores.</remarks>
[Collection(ServersCollection.Name)]
public sealed class DashboardTests(AppHostFixture apphost) : IClassFixture<AppHostFixture>
{
    private static readonly string[] Resources =
        ["postgres", "redis", "eventbus", "embedding-1", "embedding-2", "metadata", "indexing", "search-1", "search-2", "gateway", "prometheus"];

    private static readonly LocatorAssertionsToHaveAttributeOptions Patiently = new() { Timeout = 60_000 };

    [Fact]
    public async Task Every_resource_is_healthy_and_a_search_through_the_gateway_shows_as_one_trace_across_services()
    {
        var page = await apphost.Browser.NewPageAsync();
        await page.GotoAsync(apphost.Dashboard.ToString());
        foreach (var resource in Resources)
        {
            var row = page.Locator($"#resources tr[data-resource='{resource}']");
            await Expect(row).ToHaveAttributeAsync("data-state", "Running", Patiently);
            await Expect(row).ToHaveAttributeAsync("data-health", "Healthy", Patiently);
        }
        await Expect(page.Locator("#resources tbody tr")).ToHaveCountAsync(Resources.Length);

        var traceId = await SearchThroughTheGatewayAsync("push up");

        await page.GotoAsync(new Uri(apphost.Dashboard, "/#/traces").ToString());
        var listed = page.Locator($"#traces tr[data-trace-id='{traceId}']");
        await Expect(listed).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await listed.ClickAsync();
        await Expect(page.Locator("#trace-id")).ToHaveTextAsync(traceId);
        // Spans from the gateway (YARP), a search replica, and the embedding service the replica asks for the query's
        // vector over gRPC. Tighten to metadata as well once search fetches exercise details from it.
        foreach (var service in new[] { "gateway", "search", "embedding" })
        {
            await Expect(page.Locator($"#waterfall .row[data-service='{service}']").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        }

        // The same request in the headline metrics (OTLP metrics arrive every 5 s).
        await page.GotoAsync(new Uri(apphost.Dashboard, "/#/metrics").ToString());
        await Expect(page.Locator("#headlines tr[data-service='gateway']")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // And its log, live: the gateway's output streams into the page.
        await page.GotoAsync(new Uri(apphost.Dashboard, "/#/logs/gateway").ToString());
        await Expect(page.Locator("#log .line").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
    }

    /// <summary>
    /// A search through the gateway, in a trace the test starts itself (W3C traceparent) so it knows which one to
    /// look for. Right after start-up the search service may answer 503 (its own problem details: the embedding
    /// model warming up past its deadline, no index version built yet), so this retries for a while as a client
    /// would, and then settles for the search service's own 503: the request still went gateway -> search ->
    /// embedding, which is what the trace shows. Tighten to 200 only once search reaches metadata and the index
    /// bootstraps on a fresh state directory.
    /// </summary>
    private async Task<string> SearchThroughTheGatewayAsync(string query)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        for (var attempt = 1; ; attempt++)
        {
            var traceId = ActivityTraceId.CreateRandom().ToHexString();
            // A new text each time: search caches query embeddings, and a cached one would skip the embedding service.
            var text = $"{query} {attempt}";
            using var search = new HttpRequestMessage(HttpMethod.Get, new Uri(apphost.Gateway, $"/api/v1/search?q={Uri.EscapeDataString(text)}"));
            search.Headers.Add("X-Api-Key", apphost.ApiKey);
            search.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
            search.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await apphost.Http.SendAsync(search);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return traceId;
            }
            if (DateTime.UtcNow > deadline)
            {
                response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, body);
                response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", body);
                return traceId;
            }
            await Task.Delay(1000);
        }
    }

    [Fact]
    public async Task A_killed_service_shows_as_restarting_and_comes_back_healthy_by_itself()
    {
        var before = (await apphost.ResourcesAsync()).Single(r => r.GetProperty("name").GetString() == "metadata");
        var pid = before.GetProperty("pids").EnumerateArray().Single().GetInt32();
        var restarts = before.GetProperty("restarts").GetInt32();
        var page = await apphost.Browser.NewPageAsync();
        await page.GotoAsync(apphost.Dashboard.ToString());
        var row = page.Locator("#resources tr[data-resource='metadata']");
        await Expect(row).ToHaveAttributeAsync("data-state", "Running", Patiently);

        Posix.Signal(pid, Posix.SigKill);

        await Expect(row).ToHaveAttributeAsync("data-state", "Restarting", new() { Timeout = 15_000 });
        await Expect(row.Locator(".detail").First).ToContainTextAsync("exited with code 137");
        await Expect(row).ToHaveAttributeAsync("data-state", "Running", Patiently);
        await Expect(row).ToHaveAttributeAsync("data-health", "Healthy", Patiently);
        await Expect(row).ToHaveAttributeAsync("data-restarts", (restarts + 1).ToString());
        Posix.IsAlive(pid).Should().BeFalse();
        var after = (await apphost.ResourcesAsync()).Single(r => r.GetProperty("name").GetString() == "metadata");
        after.GetProperty("pids").EnumerateArray().Single().GetInt32().Should().NotBe(pid);
    }
}
