using System.Net.Sockets;
using System.Text;
using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>What a broken or hostile client sends gets a gRPC error or a closed connection, never a hang, and the
/// server keeps serving afterwards.</summary>
public sealed class GrpcMalformedInputTests(EchoServer server) : IClassFixture<EchoServer>
{
    private const string EchoPath = $"/{EchoServer.Service}/Echo";

    public static TheoryData<string, byte[], int> MalformedBodies => new()
    {
        { "truncated frame", RawGrpc.Frame(new byte[10], declaredLength: 100), (int)GrpcStatusCode.Internal },
        { "truncated header", new byte[] { 0, 0, 0 }, (int)GrpcStatusCode.Internal },
        { "bad length prefix", RawGrpc.Frame(new byte[10], declaredLength: 0xFFFF_FFF0), (int)GrpcStatusCode.ResourceExhausted },
        { "garbage body", RawGrpc.Frame([0x0A, 0x10, 0x41]), (int)GrpcStatusCode.Internal },
        { "invalid compressed flag", RawGrpc.Frame(new EchoRequest { Text = "x" }.ToByteArray(), compressed: 7), (int)GrpcStatusCode.Internal },
        { "empty body", [], (int)GrpcStatusCode.Internal },
        { "two messages for a unary call", [.. RawGrpc.Frame([]), .. RawGrpc.Frame([])], (int)GrpcStatusCode.Internal },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Malformed_body_gets_a_gRPC_error(string because, byte[] body, int expected)
    {
        var reply = await RawGrpc.PostAsync(server.Address, EchoPath, body).WaitAsync(TimeSpan.FromSeconds(20));

        reply.GrpcStatus.Should().Be(expected, because);
        await ServerStillServes();
    }

    [Fact]
    public async Task Unsupported_grpc_encoding_is_UNIMPLEMENTED_and_names_what_is_accepted()
    {
        var body = RawGrpc.Frame(new EchoRequest { Text = "x" }.ToByteArray(), compressed: 1);

        var reply = await RawGrpc.PostAsync(server.Address, EchoPath, body, headers: new Dictionary<string, string> { ["grpc-encoding"] = "gzip" });

        reply.GrpcStatus.Should().Be((int)GrpcStatusCode.Unimplemented);
        reply.Response.Headers.GetValues("grpc-accept-encoding").Should().Equal("identity");
    }

    [Fact]
    public async Task Malformed_grpc_timeout_gets_a_gRPC_error()
    {
        var reply = await RawGrpc.PostAsync(server.Address, EchoPath, RawGrpc.Frame([]),
            headers: new Dictionary<string, string> { ["grpc-timeout"] = "soon" });

        reply.GrpcStatus.Should().Be((int)GrpcStatusCode.Internal);
    }

    [Fact]
    public async Task Http11_request_to_the_gRPC_port_is_closed_not_hung()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = client.GetStream();
        var request = $"POST {EchoPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        // Kestrel answers an HTTP/2-only port with a GOAWAY frame and closes: reading must reach the end.
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await stream.ReadAsync(buffer, timeout.Token) > 0)
        {
        }
        await ServerStillServes();
    }

    private async Task ServerStillServes()
    {
        using var channel = new GrpcChannel(server.Address);
        var reply = await new EchoClient(channel).EchoAsync(new EchoRequest { Text = "still here" });
        reply.Text.Should().Be("still here");
    }
}
