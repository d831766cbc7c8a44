using System.Text.Json;
using Grpc.Core;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc.Interop;

/// <summary>@grpc/grpc-js 1.14.7, the reference implementation, calls a grpc-dotnet server set up by ServiceDefaults.</summary>
public sealed class GrpcJsClientInteropTests(EchoServer server) : IClassFixture<EchoServer>
{
    private Task<JsonElement> RunCase(string name) => Node.RunAsync("grpc-js-client.js", $"127.0.0.1:{server.Address.Port}", name, EchoServer.ServiceCredential);

    [Fact]
    public async Task Unary_success()
    {
        var result = await RunCase("unary");

        Code(result).Should().Be(StatusCode.OK);
        result.GetProperty("reply").GetProperty("text").GetString().Should().Be("hello from grpc-js");
        result.GetProperty("reply").GetProperty("payload").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Error_status_with_message()
    {
        var result = await RunCase("error");

        Code(result).Should().Be(StatusCode.InvalidArgument);
        result.GetProperty("details").GetString().Should().Be("text must not be empty: 100% ünïcode");
        result.GetProperty("trailers").GetProperty("x-error-detail").GetString().Should().Be("from-handler");
    }

    [Fact]
    public async Task Deadline_exceeded()
        => Code(await RunCase("deadline")).Should().Be(StatusCode.DeadlineExceeded);

    [Fact]
    public async Task Oversized_message_is_RESOURCE_EXHAUSTED()
        => Code(await RunCase("oversized")).Should().Be(StatusCode.ResourceExhausted);

    [Fact]
    public async Task Metadata_round_trip()
    {
        var result = await RunCase("metadata");

        Code(result).Should().Be(StatusCode.OK);
        result.GetProperty("headers").GetProperty("x-echo-header").GetString().Should().Be("round trip");
        result.GetProperty("trailers").GetProperty("x-echo-trailer").GetString().Should().Be("round trip");
        Convert.FromBase64String(result.GetProperty("trailers").GetProperty("x-echo-bin").GetString()!).Should().Equal(0, 1, 254, 255);
    }

    [Fact]
    public async Task Health_check()
    {
        var result = await RunCase("health");

        Code(result).Should().Be(StatusCode.OK);
        result.GetProperty("reply").GetProperty("status").GetString().Should().Be("SERVING");
        Code(await RunCase("health-unknown")).Should().Be(StatusCode.NotFound);
    }

    [Theory]
    [InlineData("unknown-method")]
    [InlineData("unknown-service")]
    public async Task Unknown_method_or_service_is_UNIMPLEMENTED(string name)
        => Code(await RunCase(name)).Should().Be(StatusCode.Unimplemented);

    private static StatusCode Code(JsonElement result) => (StatusCode)result.GetProperty("code").GetInt32();
}
