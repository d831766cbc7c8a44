using System.Net;
using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Grpc.Health;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>Our client against our server, over real HTTP/2 on loopback.</summary>
public sealed class GrpcServerTests(EchoServer server) : IClassFixture<EchoServer>, IDisposable
{
    private readonly GrpcChannel _channel = new(server.Address);

    private EchoClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task Unary_call_returns_the_handlers_response()
    {
        var reply = await Client.EchoAsync(new EchoRequest { Text = "push-up", ReplyBytes = 3 });

        reply.Text.Should().Be("push-up");
        reply.Payload.Length.Should().Be(3);
    }

    [Fact]
    public async Task GrpcException_from_a_handler_reaches_the_client_with_code_detail_and_trailers()
    {
        var detail = "text must not be empty: 100% ünïcode\r\nsecond line";

        var call = () => Client.EchoAsync(new EchoRequest { Text = detail, FailCode = (int)GrpcStatusCode.InvalidArgument });

        var error = (await call.Should().ThrowAsync<GrpcException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.InvalidArgument);
        error.Detail.Should().Be(detail);
        error.Trailers.Get("x-error-detail").Should().Be("from-handler");
    }

    [Fact]
    public async Task A_crashing_handler_answers_INTERNAL_without_leaking_the_exception()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "boom", FailCode = EchoHandlers.CrashCode });

        var error = (await call.Should().ThrowAsync<GrpcException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Internal);
        error.Detail.Should().NotContain("hunter2").And.NotContain("InvalidOperationException");
    }

    [Fact]
    public async Task A_handler_failing_on_an_unanswering_dependency_answers_UNAVAILABLE_without_leaking_the_exception()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "boom", FailCode = EchoHandlers.OutageCode });

        var error = (await call.Should().ThrowAsync<GrpcException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
        error.Detail.Should().NotContain("db-7").And.NotContain("TimeoutException");
    }

    [Theory]
    [InlineData(EchoServer.Service, "NoSuchMethod", "NoSuchMethod")]
    [InlineData("fitness.nothing.v1.Nope", "Echo", "fitness.nothing.v1.Nope")]
    public async Task Unknown_method_or_service_is_UNIMPLEMENTED(string service, string method, string named)
    {
        var call = () => _channel.UnaryAsync<EchoRequest, EchoReply>(service, method, new EchoRequest());

        var error = (await call.Should().ThrowAsync<GrpcException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.Unimplemented);
        error.Detail.Should().Contain(named);
    }

    [Fact]
    public async Task Wrong_content_type_is_refused_with_415()
    {
        var reply = await RawGrpc.PostAsync(server.Address, $"/{EchoServer.Service}/Echo", "{\"text\":\"x\"}"u8.ToArray(), "application/json");

        reply.HttpStatus.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_non_gRPC_POST_to_an_unmapped_path_gets_404_problem_details()
    {
        var reply = await RawGrpc.PostAsync(server.Address, "/api/nothing", "{}"u8.ToArray(), "application/json");

        reply.HttpStatus.Should().Be(HttpStatusCode.NotFound);
        reply.Response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_gRPC_call_over_HTTP11_is_refused_with_426()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Protocol = "HTTP/1.1";
        http.Request.ContentType = "application/grpc";

        await GrpcServerCall.HandleAsync<EchoRequest>(http, EchoServer.Service, "Echo", (_, _, _) => throw new InvalidOperationException("must not run"));

        http.Response.StatusCode.Should().Be(426);
        http.Response.Headers["grpc-status"].ToString().Should().Be(((int)GrpcStatusCode.Internal).ToString());
    }

    [Theory]
    [InlineData("", HealthCheckResponse.Types.ServingStatus.Serving)]
    [InlineData(EchoServer.Service, HealthCheckResponse.Types.ServingStatus.Serving)]
    public async Task Health_check_reports_serving(string service, HealthCheckResponse.Types.ServingStatus expected)
    {
        var response = await _channel.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(
            "grpc.health.v1.Health", "Check", new HealthCheckRequest { Service = service });

        response.Status.Should().Be(expected);
    }

    [Fact]
    public async Task Health_check_of_an_unknown_service_is_NOT_FOUND()
    {
        var call = () => _channel.UnaryAsync<HealthCheckRequest, HealthCheckResponse>(
            "grpc.health.v1.Health", "Check", new HealthCheckRequest { Service = "fitness.nothing.v1.Nope" });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.NotFound);
    }

    [Theory]
    [InlineData("", HealthCheckResponse.Types.ServingStatus.Serving)]
    [InlineData("fitness.nothing.v1.Nope", HealthCheckResponse.Types.ServingStatus.ServiceUnknown)]
    public async Task Health_watch_streams_the_current_status_first(string service, HealthCheckResponse.Types.ServingStatus expected)
    {
        using var cancellation = new CancellationTokenSource();
        await using var updates = _channel.ServerStreamingAsync<HealthCheckRequest, HealthCheckResponse>(
            "grpc.health.v1.Health", "Watch", new HealthCheckRequest { Service = service }, cancellationToken: cancellation.Token).GetAsyncEnumerator();

        (await updates.MoveNextAsync()).Should().BeTrue();
        updates.Current.Status.Should().Be(expected);
        await cancellation.CancelAsync();
    }

    [Fact]
    public async Task Client_deadline_ends_the_call_with_DEADLINE_EXCEEDED_and_cancels_the_handler()
    {
        var text = Guid.NewGuid().ToString();
        await WarmUpAsync();

        var call = () => Client.EchoAsync(new EchoRequest { Text = text, DelayMs = 30_000 },
            new GrpcCallOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.DeadlineExceeded);
        await server.Probe.WhenCancelled(text).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Server_enforces_grpc_timeout_itself()
    {
        var text = Guid.NewGuid().ToString();
        var body = RawGrpc.Frame(new EchoRequest { Text = text, DelayMs = 30_000 }.ToByteArray());

        var reply = await RawGrpc.PostAsync(server.Address, $"/{EchoServer.Service}/Echo", body,
            headers: new Dictionary<string, string> { ["grpc-timeout"] = "200m" });

        reply.GrpcStatus.Should().Be((int)GrpcStatusCode.DeadlineExceeded);
        server.Probe.WhenCancelled(text).IsCompleted.Should().BeTrue();
    }

    [Fact]
    public async Task Caller_cancellation_throws_OperationCanceled_and_cancels_the_handler()
    {
        var text = Guid.NewGuid().ToString();
        await WarmUpAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var call = () => Client.EchoAsync(new EchoRequest { Text = text, DelayMs = 30_000 }, cancellationToken: cancellation.Token);

        await call.Should().ThrowAsync<OperationCanceledException>();
        await server.Probe.WhenCancelled(text).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Metadata_round_trips_as_request_headers_response_headers_and_trailers()
    {
        var options = new GrpcCallOptions { Headers = new GrpcMetadata { { "x-echo", "hello" }, { "x-echo-bin", new byte[] { 0, 1, 254, 255 } } } };

        var response = await _channel.UnaryCallAsync<EchoRequest, EchoReply>(EchoServer.Service, "Echo", new EchoRequest { Text = "m" }, options);

        response.Headers.Get("x-echo-header").Should().Be("hello");
        response.Trailers.Get("x-echo-trailer").Should().Be("hello");
        response.Trailers.GetBytes("x-echo-bin").Should().Equal(0, 1, 254, 255);
    }

    [Fact]
    public async Task Oversized_request_is_RESOURCE_EXHAUSTED()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[EchoServer.MaxReceiveMessageSize + 1]) });

        var error = (await call.Should().ThrowAsync<GrpcException>()).Which;
        error.StatusCode.Should().Be(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Oversized_response_is_RESOURCE_EXHAUSTED_on_the_client()
    {
        using var channel = new GrpcChannel(server.Address, new GrpcClientOptions { MaxReceiveMessageSize = 1000 });

        var call = () => new EchoClient(channel).EchoAsync(new EchoRequest { ReplyBytes = 2000 });

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Server_streaming_delivers_every_message_in_order()
    {
        var replies = await Client.EchoStreamAsync(new EchoRequest { Text = "s", Count = 5 }).ToListAsync();

        replies.Select(r => r.Index).Should().Equal(0, 1, 2, 3, 4);
    }

    [Fact]
    public async Task Server_streaming_error_after_some_messages_reaches_the_client()
    {
        var received = new List<int>();
        var call = async () =>
        {
            await foreach (var reply in Client.EchoStreamAsync(new EchoRequest { Text = "half", Count = 6, FailCode = (int)GrpcStatusCode.Aborted }))
            {
                received.Add(reply.Index);
            }
        };

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Aborted);
        received.Should().Equal(0, 1, 2);
    }

    [Fact]
    public async Task Unreachable_server_is_UNAVAILABLE()
    {
        using var channel = new GrpcChannel(new Uri("http://127.0.0.1:1"));

        var call = () => new EchoClient(channel).EchoAsync(new EchoRequest());

        (await call.Should().ThrowAsync<GrpcException>()).Which.StatusCode.Should().Be(GrpcStatusCode.Unavailable);
    }

    /// <summary>A short deadline must not run out while the first call is still connecting (then the server never
    /// sees the call); one call first opens the connection.</summary>
    private Task WarmUpAsync() => Client.EchoAsync(new EchoRequest { Text = "warm-up" });
}
