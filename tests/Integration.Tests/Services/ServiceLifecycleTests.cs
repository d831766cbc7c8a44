using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Services;

[Collection(ServersCollection.Name)]
public sealed class ServiceLifecycleTests(ServersFixture servers)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Every_service_starts_answers_health_and_alive_and_stops_cleanly()
    {
        foreach (var service in servers.System.Services)
        {
            await servers.EnsureRunningAsync(service);
            foreach (var path in new[] { "/health", "/alive" })
            {
                using var response = await Http.GetAsync(new Uri(service.HttpEndpoint, path));
                response.IsSuccessStatusCode.Should().BeTrue($"{service.Name} {path} must answer 200");
                (await response.Content.ReadAsStringAsync()).Should().Contain("\"status\":\"Healthy\"");
            }
        }

        var gateway = servers.System.Gateway;
        var pid = gateway.Processes.Single().Pid;
        await gateway.StopAsync();
        FitnessAssistant.Hosting.Processes.Posix.IsAlive(pid).Should().BeFalse();
        gateway.Processes.Should().BeEmpty();
        await servers.EnsureRunningAsync(gateway);
        gateway.IsRunning.Should().BeTrue();
    }
}
