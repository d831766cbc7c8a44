using FitnessAssistant.ServiceDefaults.Tests.Protos;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>A client of a service with several replicas spreads its calls over all of them, stops sending to one that
/// died (its in-flight and next calls are retried on the others) and uses it again once it is back.</summary>
public sealed class GrpcLoadBalancingTests : IAsyncLifetime
{
    private readonly EchoServer _a = EchoServer.Replica("a");
    private readonly EchoServer _b = EchoServer.Replica("b");

    public async Task InitializeAsync()
    {
        await _a.InitializeAsync();
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Calls_spread_over_every_replica()
    {
        using var clients = new EchoClients([_a.Address, _b.Address]);

        var servers = await ServersOfCallsAsync(clients, 20);

        servers.Should().Contain("a").And.Contain("b");
    }

    [Fact]
    public async Task A_dead_replica_is_taken_out_and_brought_back()
    {
        using var clients = new EchoClients([_a.Address, _b.Address]);
        (await ServersOfCallsAsync(clients, 20)).Should().Contain("b");
        var port = _b.Address.Port;

        await _b.StopAsync();
        // Every call succeeds: one that picked the dead replica is retried (UNAVAILABLE) on the live one.
        (await ServersOfCallsAsync(clients, 40)).Should().OnlyContain(server => server == "a");

        await _b.StartAsync(port);
        // The balancer reconnects with backoff (1 s, then growing): within a few seconds b takes calls again.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var seen = new List<string>();
        while (!seen.Contains("b") && DateTime.UtcNow < deadline)
        {
            seen.AddRange(await ServersOfCallsAsync(clients, 10));
            await Task.Delay(200);
        }
        seen.Should().Contain("b");
    }

    private static async Task<List<string>> ServersOfCallsAsync(EchoClients clients, int count)
    {
        var servers = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var call = clients.Echo.EchoAsync(new EchoRequest { Text = $"call {i}" }, deadline: DateTime.UtcNow.AddSeconds(10));
            await call;
            servers.Add(call.GetTrailers().GetValue("x-server")!);
        }
        return servers;
    }
}
