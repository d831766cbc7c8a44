using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.Services;

public static class ServiceCredentialExtensions
{
    /// <summary>The installation's gRPC service credential (<see cref="ServiceCredential"/>), as a secret parameter.</summary>
    public static IResourceBuilder<ParameterResource> AddServiceCredential(this IDistributedApplicationBuilder builder, string stateDirectory)
        => builder.AddParameter("grpc-service-credential", ServiceCredential.LoadOrCreate(stateDirectory), secret: true);

    /// <summary>For a service that serves or calls the internal gRPC APIs: the credential its calls carry and its server checks.</summary>
    public static IResourceBuilder<ProjectResource> WithServiceCredential(this IResourceBuilder<ProjectResource> service,
        IResourceBuilder<ParameterResource> credential)
        => service.WithEnvironment(ServiceCredential.EnvironmentVariable, credential);
}
