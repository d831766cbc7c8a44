using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FitnessAssistant.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.IntegrationTests.AppHost;

/// <summary>
/// The real AppHost's application model, run in process by Aspire.Hosting.Testing with real servers (the shared
/// <see cref="SystemFixture"/>): the declared waits bring everything up healthy, a search goes through the gateway,
/// and a server stopped through Aspire's own resource commands degrades search instead of failing it.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AspireSystemTests(SystemFixture system)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
    private DistributedApplication App => system.App;

    [Fact]
    public async Task Every_resource_the_AppHost_declares_becomes_healthy_and_search_answers_through_the_gateway()
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        // Aspire adds hidden helper resources of its own (project rebuilders); the declared ones are the visible ones.
        // The fixture's extra instances are the tests' own, started only by the tests that need them.
        string[] extras = [.. SystemFixture.ExtraGateways, SystemFixture.ExtraEmbedding, SystemFixture.ExtraMetadata];
        var declared = model.Resources.Where(r => r is ExecutableResource or ProjectResource)
            .Where(r => App.ResourceNotifications.TryGetCurrentState(r.Name, out var current) && !current.Snapshot.IsHidden)
            .Where(r => !extras.Contains(r.Name))
            .ToList();
        declared.Select(r => r.Name).Should().Contain(["postgres", SystemFixture.Replica, "redis", "eventbus", "embedding-1", "embedding-2", "metadata", "indexing", "search-1", "search-2", "gateway"]);
        foreach (var resource in declared)
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name, timeout.Token);
        }

        var answer = await SearchUntilAsync("push up", reply => reply.Status == HttpStatusCode.OK);

        answer.Body.GetProperty("results").GetArrayLength().Should().BeGreaterThan(0, answer.Text);
    }

    [Fact]
    public async Task The_gateway_process_holds_no_database_broker_or_service_credential()
    {
        // The running gateway's own environment, as the kernel has it: what any code in that process could read.
        await system.EnsureRunningAsync("gateway");
        var environment = (await File.ReadAllTextAsync($"/proc/{system.Pid("gateway")}/environ")).Split('\0');

        var postgresPassword = new Npgsql.NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("catalogdb")).Password!;
        var brokerPassword = new Uri((await App.GetConnectionStringAsync("eventbus"))!).UserInfo.Split(':')[1];
        var serviceCredential = system.ServiceCredential;
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

        (await App.ResourceCommands.ExecuteCommandAsync("redis", KnownResourceCommands.StopCommand)).Success.Should().BeTrue();
        try
        {
            var degraded = await SearchUntilAsync($"lunge {Guid.NewGuid():N}", reply => reply.Status == HttpStatusCode.OK);
            degraded.Body.GetProperty("cache").GetString().Should().Be("unavailable", degraded.Text);
        }
        finally
        {
            (await App.ResourceCommands.ExecuteCommandAsync("redis", KnownResourceCommands.StartCommand)).Success.Should().BeTrue();
        }
        using var timeout = new CancellationTokenSource(StartTimeout);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("redis", timeout.Token);
        var recovered = await SearchUntilAsync($"plank {Guid.NewGuid():N}", reply => reply.Status == HttpStatusCode.OK
            && reply.Body.GetProperty("cache").GetString() != "unavailable");
        recovered.Body.GetProperty("cache").GetString().Should().NotBe("unavailable");
    }

    private async Task<Reply> SearchUntilAsync(string query, Func<Reply, bool> done)
    {
        using var http = App.CreateHttpClient("gateway", "http");
        http.DefaultRequestHeaders.Add("X-Api-Key", system.GatewayCredentials.ApiKey);
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
