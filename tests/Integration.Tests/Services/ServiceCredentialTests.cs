using FitnessAssistant.Embedding.V1;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FitnessAssistant.IntegrationTests.Services;

/// <summary>
/// Internal gRPC calls carry the installation's service credential and the servers check it (issue 22): a caller
/// that reaches a gRPC port without it, or with another, gets UNAUTHENTICATED; the health service stays open for
/// orchestrators' probes.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class ServiceCredentialTests(SystemFixture system)
{
    [Fact]
    public async Task A_gRPC_call_without_the_service_credential_is_UNAUTHENTICATED_and_health_stays_open()
    {
        await system.EnsureRunningAsync("metadata");
        await system.EnsureRunningAsync(system.Embedding[0]);
        var metadata = system.Endpoint("metadata", "grpc");
        var embedding = system.Endpoint(system.Embedding[0], "grpc");

        foreach (var (name, channel) in new (string, GrpcChannel)[]
                 {
                     ("no credential", GrpcChannel.ForAddress(metadata)),
                     ("another credential", WithCredential(metadata, new string('0', 64))),
                 })
        {
            using (channel)
            {
                var refused = await FluentActions.Awaiting(async () =>
                        await new MetadataService.MetadataServiceClient(channel).GetVocabularyAsync(new GetVocabularyRequest()))
                    .Should().ThrowAsync<RpcException>(name);
                refused.Which.StatusCode.Should().Be(StatusCode.Unauthenticated, name);
                refused.Which.Status.Detail.Should().Contain(ServiceCredentialOptions.Header);

                var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
                health.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving, "probes send no credential");
            }
        }

        using (var bare = GrpcChannel.ForAddress(embedding))
        {
            var refused = await FluentActions.Awaiting(async () =>
                    await new EmbeddingService.EmbeddingServiceClient(bare).GetModelInfoAsync(new GetModelInfoRequest()))
                .Should().ThrowAsync<RpcException>();
            refused.Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        }

        using var trusted = system.ServiceChannel(metadata);
        var vocabulary = await new MetadataService.MetadataServiceClient(trusted).GetVocabularyAsync(new GetVocabularyRequest());
        vocabulary.Should().NotBeNull("a call with the installation's credential is served");
    }

    private static GrpcChannel WithCredential(Uri address, string token) => GrpcChannel.ForAddress(address, ServiceCredentialOptions.ChannelOptions(token));
}
