using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc.Interop;

/// <summary>Our clients, registered as the services register theirs, call a @grpc/grpc-js 1.14.7 server.</summary>
public sealed class GrpcJsServerInteropTests(GrpcJsServer server) : IClassFixture<GrpcJsServer>, IDisposable
{
    private readonly EchoClients _clients = new([server.Address]);

    private EchoService.EchoServiceClient Client => _clients.Echo;

    public void Dispose() => _clients.Dispose();

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
        var call = () => Client.EchoAsync(new EchoRequest { Text = "text must not be empty: 100% ünïcode", FailCode = (int)StatusCode.InvalidArgument }).ResponseAsync;

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("text must not be empty: 100% ünïcode");
        error.Trailers.GetValue("x-error-detail").Should().Be("from-handler");
    }

    [Fact]
    public async Task Deadline_exceeded()
    {
        await Client.EchoAsync(new EchoRequest { Text = "warm-up" });

        var call = () => Client.EchoAsync(new EchoRequest { DelayMs = 30_000 }, deadline: DateTime.UtcNow.AddMilliseconds(300)).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
    }

    [Fact]
    public async Task Oversized_request_is_RESOURCE_EXHAUSTED_from_the_server()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[64 * 1024 + 1]) }).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Oversized_response_is_RESOURCE_EXHAUSTED_on_our_side()
    {
        using var clients = new EchoClients([server.Address], new Dictionary<string, string?> { ["Grpc:Client:MaxReceiveMessageSize"] = "1000" });

        var call = () => clients.Echo.EchoAsync(new EchoRequest { ReplyBytes = 2000 }).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Metadata_round_trip()
    {
        var headers = new Metadata { { "x-echo", "round trip" }, { "x-echo-bin", new byte[] { 0, 1, 254, 255 } } };

        var call = Client.EchoAsync(new EchoRequest { Text = "m" }, headers);
        await call;

        (await call.ResponseHeadersAsync).GetValue("x-echo-header").Should().Be("round trip");
        call.GetTrailers().GetValue("x-echo-trailer").Should().Be("round trip");
        call.GetTrailers().GetValueBytes("x-echo-bin").Should().Equal(0, 1, 254, 255);
    }

    [Fact]
    public async Task Health_check()
    {
        var response = await _clients.Health.CheckAsync(new HealthCheckRequest());

        response.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Theory]
    [InlineData(EchoServer.Service, "NoSuchMethod")]
    [InlineData("fitness.nothing.v1.Nope", "Echo")]
    public async Task Unknown_method_or_service_is_UNIMPLEMENTED(string service, string method)
    {
        using var channel = GrpcChannel.ForAddress(server.Address);
        var unknown = new Method<EchoRequest, EchoReply>(MethodType.Unary, service, method,
            Marshallers.Create(r => r.ToByteArray(), EchoRequest.Parser.ParseFrom), Marshallers.Create(r => r.ToByteArray(), EchoReply.Parser.ParseFrom));

        var call = () => channel.CreateCallInvoker().AsyncUnaryCall(unknown, null, new CallOptions(), new EchoRequest()).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }

    [Fact]
    public async Task Server_streaming()
    {
        using var call = Client.EchoStream(new EchoRequest { Text = "s", Count = 4 });

        var replies = await call.ResponseStream.ReadAllAsync().ToListAsync();

        replies.Select(r => r.Index).Should().Equal(0, 1, 2, 3);
    }
}
