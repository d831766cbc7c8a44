using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using FitnessAssistant.IntegrationTests.Fixtures;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>
/// The whole system under the Aspire AppHost, seen through the Aspire dashboard in a real browser: every resource
/// running and healthy, a search through the gateway traced across services, a killed service restarted.
/// </summary>
/// <remarks>In the servers collection only so that it does not run beside the other real-server tests on two cores.</remarks>
[Collection(SystemCollection.Name)]
public sealed class DashboardTests(AppHostFixture apphost) : IClassFixture<AppHostFixture>
{
    private static readonly string[] Resources =
        ["postgres", "catalogdb", "vectordb", "redis", "eventbus", "embedding-1", "embedding-2", "metadata", "indexing", "gateway", "prometheus"];

    private static readonly LocatorAssertionsToHaveAttributeOptions Patiently = new() { Timeout = 90_000 };

    [Fact]
    public async Task Every_resource_is_running_and_healthy_and_a_search_through_the_gateway_shows_as_one_trace_across_services()
    {
        var page = await apphost.DashboardPageAsync();
        foreach (var resource in Resources)
        {
            // The state cell's title is "Running" only while the resource runs and its health checks pass.
            await Expect(StateOf(page, resource)).ToHaveAttributeAsync("title", "Running", Patiently);
        }
        var searchReplicas = page.Locator("tr.resource-row").Filter(new() { Has = page.Locator(".resource-name-text", new() { HasTextRegex = new("^search-") }) });
        await Expect(searchReplicas).ToHaveCountAsync(2);
        foreach (var replica in await searchReplicas.AllAsync())
        {
            await Expect(replica.Locator("td[col-index='2']")).ToHaveAttributeAsync("title", "Running", Patiently);
        }

        // Not one of the search service's warm-up queries, whose query vectors are cached before the test starts.
        var traceId = await SearchThroughTheGatewayAsync("shoulder mobility for swimmers");

        // The detail page says "not found" for a trace whose spans have not arrived yet and does not refresh by itself:
        // load it again until every service's spans are there (services export every second).
        var services = new[] { "gateway", "search", "embedding", "metadata" };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        string[] missing;
        do
        {
            await page.GotoAsync(new Uri(apphost.Dashboard, $"/traces/detail/{traceId}").ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            missing = [.. (await Task.WhenAll(services.Select(async service =>
                (service, shown: await page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new($"^{service}(-[a-z0-9]+)?$") }).CountAsync() > 0))))
                .Where(s => !s.shown).Select(s => s.service)];
            if (missing.Length > 0)
            {
                await Task.Delay(2000);
            }
        }
        while (missing.Length > 0 && DateTime.UtcNow < deadline);
        missing.Should().BeEmpty($"trace {traceId} shows spans of every service on its path");
    }

    [Fact]
    public async Task A_killed_service_is_restarted_and_comes_back_healthy_by_itself()
    {
        var page = await apphost.DashboardPageAsync();
        var state = StateOf(page, "metadata");
        await Expect(state).ToHaveAttributeAsync("title", "Running", Patiently);
        var pid = apphost.ServicePid("metadata");

        Posix.Signal(pid, Posix.SigKill);

        // The restart can be quicker than the dashboard's updates, so the test waits for the new process rather
        // than for a state other than Running to show; the console log below shows the crash either way.
        var restarted = pid;
        for (var attempt = 0; attempt < 120 && (restarted == pid || restarted == 0); attempt++)
        {
            await Task.Delay(500);
            restarted = TryServicePid("metadata");
        }
        restarted.Should().NotBe(pid, "the AppHost starts metadata again").And.NotBe(0);
        Posix.IsAlive(pid).Should().BeFalse();
        await Expect(state).ToHaveAttributeAsync("title", "Running", Patiently);
        // The restart is written into the resource's console log, where the dashboard shows it.
        await page.GotoAsync(new Uri(apphost.Dashboard, "/consolelogs/resource/metadata").ToString());
        await Expect(page.GetByText("exited on its own").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    private int TryServicePid(string service)
    {
        try
        {
            return apphost.ServicePid(service);
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    [Fact]
    public async Task The_dashboard_refuses_an_unknown_Host_header_and_asks_for_its_login_token()
    {
        // What a page of another site sends after rebinding its own name to 127.0.0.1: the dashboard's port, its name.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, apphost.Dashboard);
        rebound.Headers.Host = $"rebinding.example:{apphost.Dashboard.Port}";
        using (var refused = await apphost.Http.SendAsync(rebound))
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        foreach (var host in new[] { "127.0.0.1", "localhost" })
        {
            using var local = new HttpRequestMessage(HttpMethod.Get, apphost.Dashboard);
            local.Headers.Host = $"{host}:{apphost.Dashboard.Port}";
            using var response = await apphost.Http.SendAsync(local);
            // Without the token the dashboard sends the browser to its login page.
            response.RequestMessage!.RequestUri!.AbsolutePath.Should().StartWith("/login", host);
        }
    }

    [Fact]
    public async Task No_resources_details_render_a_secret_from_the_state_directory()
    {
        var secrets = SecretsOf(apphost.StateDirectory);
        secrets.Should().HaveCountGreaterThanOrEqualTo(9, "every generated password and key is found");
        var page = await apphost.DashboardPageAsync();
        foreach (var resource in (string[])[.. Resources, "vectordb-reader", "eventbus-metadata", "eventbus-indexing", "search-1", "search-2"])
        {
            await Expect(StateOf(page, resource)).ToBeVisibleAsync(new() { Timeout = 90_000 });
            // A row's name cell opens the resource's details: its properties, environment variables and references.
            await page.Locator("tr.resource-row").Filter(new() { Has = page.Locator($"td[title$=': {resource}']") })
                .Locator(".resource-name-text").First.ClickAsync();
            await Expect(page.GetByText("Environment variables").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var text = await page.InnerTextAsync("body");
            var html = await page.ContentAsync();
            foreach (var (file, secret) in secrets)
            {
                text.Should().NotContain(secret, $"the details of {resource} must not show the secret of {file}");
                html.Should().NotContain(secret, $"the details of {resource} must not carry the secret of {file} in the page");
            }
        }
    }

    /// <summary>Every generated secret of the run: the servers' and roles' passwords, the gRPC credential, the API key and signing key.</summary>
    private static List<(string File, string Secret)> SecretsOf(string stateDirectory)
    {
        var secrets = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(stateDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(stateDirectory, file);
            if (Path.GetFileName(file) == "password" || relative.StartsWith("postgres/roles/", StringComparison.Ordinal)
                || relative.StartsWith("eventbus/users/", StringComparison.Ordinal) || relative == "credentials/grpc-service-credential")
            {
                secrets.Add((relative, File.ReadAllText(file).Trim()));
            }
        }
        var gateway = FitnessAssistant.AppHost.Credentials.GatewayCredentials.LoadOrCreate(Path.Combine(stateDirectory, "credentials", "gateway.json"));
        secrets.Add(("credentials/gateway.json", gateway.ApiKey));
        secrets.Add(("credentials/gateway.json", gateway.SigningKey));
        return secrets;
    }

    private static ILocator StateOf(IPage page, string resource)
        => page.Locator("tr.resource-row")
            .Filter(new() { Has = page.Locator(".resource-name-text", new() { HasTextString = resource }) })
            .Filter(new() { Has = page.Locator($"td[title$=': {resource}']") })
            .Locator("td[col-index='2']");

    /// <summary>
    /// A search through the gateway, in a trace the test starts itself (W3C traceparent) so it knows which one to
    /// look for. It is sent once the system answers complete searches (the index built, no breaker open after a
    /// slow start on a loaded machine), so it went gateway -> search -> embedding and metadata, which is what the
    /// trace must show.
    /// </summary>
    private async Task<string> SearchThroughTheGatewayAsync(string query)
    {
        await WaitForCompleteSearchesAsync();
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var search = SearchRequest(query);
        search.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await apphost.Http.SendAsync(search);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return traceId;
    }

    private async Task WaitForCompleteSearchesAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            using var warmUp = SearchRequest($"warm up {Guid.NewGuid():N}");
            using var response = await apphost.Http.SendAsync(warmUp);
            if (response.StatusCode == HttpStatusCode.OK && !response.Headers.Contains("X-Search-Degraded"))
            {
                return;
            }
            last = $"{(int)response.StatusCode} {string.Join(",", response.Headers.TryGetValues("X-Search-Degraded", out var modes) ? modes : [])} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(1000);
        }
        throw new TimeoutException($"Searches through the gateway were not answered complete within 4 minutes: {last}");
    }

    private HttpRequestMessage SearchRequest(string query)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(apphost.Gateway, $"/api/v1/search?q={Uri.EscapeDataString(query)}"));
        request.Headers.Add("X-Api-Key", apphost.ApiKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
