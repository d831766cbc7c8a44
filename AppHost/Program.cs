using System.Runtime.InteropServices;
using FitnessAssistant.Hosting;

var stateRoot = Environment.GetEnvironmentVariable("FA_STATE_DIR") ?? "/var/lib/fitnessassistant/apphost";
var searchReplicas = int.TryParse(Environment.GetEnvironmentVariable("FA_SEARCH_REPLICAS"), out var n) ? n : 2;

using var shutdown = new CancellationTokenSource();
// Ctrl+C and SIGTERM both mean: stop every service, then the servers, then exit.
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

await using var infrastructure = Infrastructure.Create(stateRoot);
var system = new FitnessSystem(infrastructure, searchReplicas);

Console.WriteLine($"[apphost] state: {stateRoot}; starting Postgres, Redis, RabbitMQ");
await infrastructure.StartAsync(shutdown.Token);
foreach (var service in system.Services)
{
    Console.WriteLine($"[apphost] starting {service.Name}");
    await service.StartAsync(shutdown.Token);
}

var gateway = system.Gateway.HttpEndpoint;
var adminToken = system.GatewayCredentials.MintToken("local-admin", ["admin"], TimeSpan.FromHours(12));
Console.WriteLine($"[apphost] FitnessAssistant is up. Public entry (gateway): {gateway}");
Console.WriteLine($"[apphost] API docs: {new Uri(gateway, "/swagger")}");
Console.WriteLine($"[apphost] development API key (header X-Api-Key): {system.GatewayCredentials.ApiKey}");
Console.WriteLine($"[apphost] admin bearer token (12 h): {adminToken}");
Console.WriteLine($"[apphost] try: curl -H 'X-Api-Key: {system.GatewayCredentials.ApiKey}' '{new Uri(gateway, "/api/v1/search?q=push%20up")}'");
Console.WriteLine("[apphost] Ctrl+C stops everything.");
try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("[apphost] stopping");
await system.StopServicesAsync();
