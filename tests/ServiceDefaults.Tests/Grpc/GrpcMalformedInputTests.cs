using System.Net.Sockets;
using System.Text;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;
using Grpc.Core;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>What a broken or hostile client sends gets a gRPC error or a closed connection, never a hang, and the
/// server keeps serving afterwards.</summary>
public sealed class GrpcMalformedInputTests(EchoServer server) : IClassFixture<EchoServer>
{
    private const string EchoPath = $"/{EchoServer.Service}/Echo";

    public static TheoryData<string, byte[], int> MalformedBodies => new()
    {
        { "truncated frame", RawGrpc.Frame(new byte[10], declaredLength: 100), (int)StatusCode.Internal },
        { "truncated header", new byte[] { 0, 0, 0 }, (int)StatusCode.Internal },
        { "declared length over the limit", RawGrpc.Frame(new byte[10], declaredLength: EchoServer.MaxReceiveMessageSize + 1), (int)StatusCode.ResourceExhausted },
        // grpc-dotnet answers these three UNKNOWN (its reader throws for them; the detail names no internals).
        { "length prefix beyond any message", RawGrpc.Frame(new byte[10], declaredLength: 0xFFFF_FFF0), (int)StatusCode.Unknown },
        { "garbage body", RawGrpc.Frame([0x0A, 0x10, 0x41]), (int)StatusCode.Unknown },
        { "invalid compressed flag", RawGrpc.Frame(new EchoRequest { Text = "x" }.ToByteArray(), compressed: 7), (int)StatusCode.Unknown },
        { "empty body", [], (int)StatusCode.Internal },
        { "two messages for a unary call", [.. RawGrpc.Frame([]), .. RawGrpc.Frame([])], (int)StatusCode.Internal },
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

        var reply = await RawGrpc.PostAsync(server.Address, EchoPath, body, headers: new Dictionary<string, string> { ["grpc-encoding"] = "snappy" });

        reply.GrpcStatus.Should().Be((int)StatusCode.Unimplemented);
        reply.Response.Headers.GetValues("grpc-accept-encoding").Single().Should().Contain("identity");
        await ServerStillServes();
    }

    [Fact]
    public async Task Malformed_grpc_timeout_is_ignored_and_the_call_answers()
    {
        // grpc-dotnet logs and ignores a grpc-timeout it cannot parse rather than failing the call: the call runs
        // without a deadline, as it would have had the client sent none.
        var reply = await RawGrpc.PostAsync(server.Address, EchoPath, RawGrpc.Frame(new EchoRequest { Text = "x" }.ToByteArray()),
            headers: new Dictionary<string, string> { ["grpc-timeout"] = "soon" });

        reply.GrpcStatus.Should().Be((int)StatusCode.OK);
        await ServerStillServes();
    }

    [Fact]
    public async Task Wrong_content_type_is_refused_with_415()
    {
        var reply = await RawGrpc.PostAsync(server.Address, EchoPath, RawGrpc.Frame([]), contentType: "application/json");

        ((int)reply.HttpStatus).Should().Be(415);
        await ServerStillServes();
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
        using var clients = new EchoClients([server.Address]);
        var reply = await clients.Echo.EchoAsync(new EchoRequest { Text = "still here" });
        reply.Text.Should().Be("still here");
    }
}
