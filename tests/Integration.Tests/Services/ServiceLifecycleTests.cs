using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Gateway;

namespace FitnessAssistant.IntegrationTests.Services;

[Collection(SystemCollection.Name)]
public sealed class ServiceLifecycleTests(SystemFixture system)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Every_service_starts_answers_health_and_alive_and_stops_cleanly()
    {
        foreach (var service in system.Services)
        {
            await system.EnsureRunningAsync(service);
            foreach (var path in new[] { "/health", "/alive" })
            {
                using var response = await Http.GetAsync(new Uri(system.Endpoint(service), path));
                response.IsSuccessStatusCode.Should().BeTrue($"{service} {path} must answer 200");
                (await response.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"Healthy\"");
            }
        }

        var pid = system.Pid("gateway");
        await system.StopAsync("gateway");
        await GatewayRequests.EventuallyAsync(() => Task.FromResult(!Posix.IsAlive(pid)), TimeSpan.FromSeconds(10), "the stopped gateway's process exits");
        system.IsRunning("gateway").Should().BeFalse();
        await system.StartAsync("gateway");
        system.Pid("gateway").Should().NotBe(pid);
    }
}
