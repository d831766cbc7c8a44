using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>The server refuses calls without the service credential; clients made by AddGrpcServiceClient send it.</summary>
public sealed class ServiceCredentialTests(EchoServer server) : IClassFixture<EchoServer>
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("echo-tests-service-credential-012345678X")]
    public async Task A_call_without_the_credential_is_UNAUTHENTICATED_but_health_answers(string? token)
    {
        using var channel = GrpcChannel.ForAddress(server.Address, token is null ? new GrpcChannelOptions() : ServiceCredentialOptions.ChannelOptions(token));
        var text = $"without credential {token?.Length}";
        var call = () => new EchoService.EchoServiceClient(channel).EchoAsync(new EchoRequest { Text = text }).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unauthenticated);
        server.Probe.Calls.Should().NotContainKey(text, "the handler never runs");
        (await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest())).Status
            .Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Fact]
    public async Task Clients_of_AddGrpcServiceClient_carry_the_credential()
    {
        using var clients = new EchoClients([server.Address]);
        (await clients.Echo.EchoAsync(new EchoRequest { Text = "hi" })).Text.Should().Be("hi");
    }
}
