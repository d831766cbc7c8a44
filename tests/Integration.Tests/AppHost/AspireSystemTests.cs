using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FitnessAssistant.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>
/// The real AppHost's application model, run in process by Aspire.Hosting.Testing with real servers on a fresh state
/// directory: the declared waits bring everything up healthy, a search goes through the gateway, and a server
/// stopped through Aspire's own resource commands degrades search instead of failing it.
/// </summary>
/// <remarks>In the servers collection only so that it does not run beside the other real-server tests on two cores.</remarks>
[Collection(ServersCollection.Name)]
public sealed class AspireSystemTests : IAsyncLifetime
{
    private const string StateRoot = "/tmp/fitnessassistant-tests/aspire";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private DistributedApplication _app = null!;
    private string _apiKey = "";

    public async Task InitializeAsync()
    {
        if (Directory.Exists(StateRoot))
        {
            Directory.Delete(StateRoot, recursive: true);
        }
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"--FA_STATE_DIR={StateRoot}", "--FA_DURABLE=false", "--FA_GATEWAY_PORT=0", "--FA_PROMETHEUS=false"],
            (application, _) => application.DisableDashboard = true);
        _app = await builder.BuildAsync();
        using var start = new CancellationTokenSource(StartTimeout);
        await _app.StartAsync(start.Token);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", start.Token);
        var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(StateRoot, "credentials", "gateway.json")));
        _apiKey = credentials.RootElement.GetProperty("ApiKey").GetString()!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Every_resource_the_AppHost_declares_becomes_healthy_and_search_answers_through_the_gateway()
    {
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        // Aspire adds hidden helper resources of its own (project rebuilders); the declared ones are the visible ones.
        var declared = model.Resources.Where(r => r is ExecutableResource or ProjectResource)
            .Where(r => _app.ResourceNotifications.TryGetCurrentState(r.Name, out var current) && !current.Snapshot.IsHidden)
            .ToList();
        declared.Select(r => r.Name).Should().Contain(["postgres", "redis", "eventbus", "embedding-1", "embedding-2", "metadata", "indexing", "gateway"]);
        foreach (var resource in declared)
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
        }

        var answer = await SearchUntilAsync("push up", reply => reply.Status == HttpStatusCode.OK);

        answer.Body.GetProperty("results").GetArrayLength().Should().BeGreaterThan(0, answer.Text);
    }

    [Fact]
    public async Task The_gateway_process_holds_no_database_broker_or_service_credential()
    {
        // The running gateway's own environment, as the kernel has it: what any code in that process could read.
        _app.ResourceNotifications.TryGetCurrentState("gateway", out var gateway).Should().BeTrue();
        var pid = Convert.ToInt32(gateway!.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value,
            System.Globalization.CultureInfo.InvariantCulture);
        var environment = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0');

        var postgresPassword = new Npgsql.NpgsqlConnectionStringBuilder(await _app.GetConnectionStringAsync("catalogdb")).Password!;
        var brokerPassword = new Uri((await _app.GetConnectionStringAsync("eventbus"))!).UserInfo.Split(':')[1];
        var serviceCredential = (await File.ReadAllTextAsync(Path.Combine(StateRoot, "credentials", "grpc-service-credential"))).Trim();
        foreach (var (name, secret) in new[]
                 {
                     ("the PostgreSQL password", postgresPassword),
                     ("the RabbitMQ password", Uri.UnescapeDataString(brokerPassword)),
                     ("the gRPC service credential", serviceCredential),
                 })
        {
            secret.Length.Should().BeGreaterThanOrEqualTo(16, name);
            environment.Should().NotContain(variable => variable.Contains(secret), $"the gateway must not hold {name}");
        }
        environment.Should().NotContain(variable => variable.StartsWith("ConnectionStrings__catalogdb") || variable.StartsWith("ConnectionStrings__vectordb")
            || variable.StartsWith("ConnectionStrings__eventbus"));
        environment.Should().Contain(variable => variable.StartsWith("ConnectionStrings__redis="), "rate limits are shared through Redis");
    }

    [Fact]
    public async Task Redis_stopped_through_Aspire_degrades_the_cache_and_search_still_answers_then_recovers()
    {
        await SearchUntilAsync("squat", reply => reply.Status == HttpStatusCode.OK);

        (await _app.ResourceCommands.ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand)).Success.Should().BeTrue();
        try
        {
            var degraded = await SearchUntilAsync($"lunge {Guid.NewGuid():N}", reply => reply.Status == HttpStatusCode.OK);
            degraded.Body.GetProperty("cache").GetString().Should().Be("unavailable", degraded.Text);
        }
        finally
        {
            (await _app.ResourceCommands.ExecuteCommandAsync("redis", KnownResourceCommands.StartCommand)).Success.Should().BeTrue();
        }
        using var timeout = new CancellationTokenSource(StartTimeout);
        await _app.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        var recovered = await SearchUntilAsync($"plank {Guid.NewGuid():N}", reply => reply.Status == HttpStatusCode.OK
            && reply.Body.GetProperty("cache").GetString() != "unavailable");
        recovered.Body.GetProperty("cache").GetString().Should().NotBe("unavailable");
    }

    private async Task<Reply> SearchUntilAsync(string query, Func<Reply, bool> done)
    {
        using var http = _app.CreateHttpClient("gateway", "http");
        http.DefaultRequestHeaders.Add("X-Api-Key", _apiKey);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        Reply reply;
        do
        {
            using var response = await http.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}&limit=10");
            var text = await response.Content.ReadAsStringAsync();
            reply = new Reply(response.StatusCode, text, response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement : default);
            if (done(reply))
            {
                return reply;
            }
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        return reply;
    }

    private sealed record Reply(HttpStatusCode Status, string Text, JsonElement Body);
}
