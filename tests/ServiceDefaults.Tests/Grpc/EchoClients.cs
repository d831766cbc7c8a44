using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HealthClient = Grpc.Health.V1.Health.HealthClient;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>Clients registered as the services register theirs (<c>AddGrpcServiceClient</c>), with the replicas'
/// addresses in <c>services:echo:grpc:{i}</c> as Aspire passes them.</summary>
public sealed class EchoClients : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="configure">Registrations made before the clients', e.g. the HttpClient defaults a service has.</param>
    public EchoClients(IEnumerable<Uri> replicas, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["ServiceCredential:Token"] = EchoServer.ServiceCredential,
        };
        foreach (var (replica, i) in replicas.Select((r, i) => (r, i)))
        {
            configuration[$"services:echo:grpc:{i}"] = replica.ToString();
        }
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging();
        configure?.Invoke(services);
        services.AddGrpcServiceClient<EchoService.EchoServiceClient>("echo");
        services.AddGrpcServiceClient<HealthClient>("echo", "echo-health");
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public EchoService.EchoServiceClient Echo => _services.GetRequiredService<EchoService.EchoServiceClient>();

    public HealthClient Health => _services.GetRequiredService<HealthClient>();

    public void Dispose() => _services.Dispose();
}
