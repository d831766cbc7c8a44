using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Grpc.Health;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc.Interop;

/// <summary>Our client calls a @grpc/grpc-js 1.14.7 server.</summary>
public sealed class GrpcJsServerInteropTests(GrpcJsServer server) : IClassFixture<GrpcJsServer>, IDisposable
{
    private readonly GrpcChannel _channel = new(server.Address);

    private EchoClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Unary_success()
    {
        var reply = await Client.EchoAsync(new EchoRequest { Text = "hello from .NET", ReplyBytes = 3 });

        reply.Text.Should().Be("hello from .NET");
        reply.Payload.Length.Should().Be(3);
    }

    [Fact]
    public async Task Error_status_with_message()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "text must not be empty: 100% ünïcode", FailCode = (int)GrpcStatusCode.InvalidArgument });

        var error = (await call.Should().ThrowAsync<GrpcException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.InvalidArgument);
        error.Detail.Should().Be("text must not be empty: 100% ünïcode");
        error.Trailers.Get("x-error-detail").Should().Be("from-handler");
    }

    [Fact]
    public async Task Deadline_exceeded()
    {
        await Client.EchoAsync(new EchoRequest { Text = "warm-up" });

        var call = () => Client.EchoAsync(new EchoRequest { DelayMs = 30_000 }, new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Oversized_request_is_RESOURCE_EXHAUSTED_from_the_server()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[64 * 1024 + 1]) });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Oversized_response_is_RESOURCE_EXHAUSTED_on_our_side()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcClientOptions { MaxReceiveMessageSize = 1000 });

        var call = () => new EchoClient(channel).EchoAsync(new EchoRequest { ReplyBytes = 2000 });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Metadata_round_trip()
    {
        var options = new GrpcCallOptions { Headers = new GrpcMetadata { { "x-echo", "round trip" }, { "x-echo-bin", new byte[] { 0, 1, 254, 255 } } } };

        var response = await _channel.UnaryCallAsync<EchoRequest, EchoReply>(EchoServer.Service, "Echo", new EchoRequest { Text = "m" }, options);

        response.Headers.Get("x-echo-header").Should().Be("round trip");
        response.Trailers.Get("x-echo-trailer").Should().Be("round trip");
        response.Trailers.GetBytes("x-echo-bin").Should().Equal(0, 1, 254, 255);
    }

    [Fact]
    public async Task Health_check()
    {
        var response = await _channel.UnaryAsync<HealthCheckRequest, HealthCheckResponse>("grpc.health.v1.Health", "Check", new HealthCheckRequest());

        response.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Theory]
    [InlineData(EchoServer.Service, "NoSuchMethod")]
    [InlineData("fitness.nothing.v1.Nope", "Echo")]
    public async Task Unknown_method_or_service_is_UNIMPLEMENTED(string service, string method)
    {
        var call = () => _channel.UnaryAsync<EchoRequest, EchoReply>(service, method, new EchoRequest());

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unimplemented);
    }

    [Fact]
    public async Task Server_streaming()
    {
        var replies = await Client.EchoStreamAsync(new EchoRequest { Text = "s", Count = 4 }).ToListAsync();

        replies.Select(r => r.Index).Should().Equal(0, 1, 2, 3);
    }
}
