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

Console.WriteLine($"[apphost] FitnessAssistant is up. Public entry (gateway): {system.Gateway.HttpEndpoint}");
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
