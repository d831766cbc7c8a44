using System.Diagnostics;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>ServiceDefaults' gRPC set-up on both sides: the server's status mapping, limits, deadlines and health, and
/// the client's retries and cancellation.</summary>
public sealed class GrpcServerTests(EchoServer server) : IClassFixture<EchoServer>, IDisposable
{
    private readonly EchoClients _clients = new([server.Address]);

    private EchoService.EchoServiceClient Client => _clients.Echo;

    public void Dispose() => _clients.Dispose();

    [Fact]
    public async Task RpcException_from_a_handler_reaches_the_client_with_code_detail_and_trailers()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "text must not be empty: 100% ünïcode", FailCode = (int)StatusCode.InvalidArgument }).ResponseAsync;

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.InvalidArgument);
        error.Status.Detail.Should().Be("text must not be empty: 100% ünïcode");
        error.Trailers.GetValue("x-error-detail").Should().Be("from-handler");
    }

    [Fact]
    public async Task A_crashing_handler_answers_UNKNOWN_without_leaking_the_exception()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "crash", FailCode = EchoHandlers.CrashCode }).ResponseAsync;

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unknown);
        error.Status.Detail.Should().NotContain("hunter2");
    }

    [Fact]
    public async Task A_dependency_outage_answers_UNAVAILABLE_without_leaking_it_and_the_client_retries_it()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "outage", FailCode = EchoHandlers.OutageCode }).ResponseAsync;

        var error = (await call.Should().ThrowAsync<RpcException>()).Which;
        error.StatusCode.Should().Be(StatusCode.Unavailable);
        error.Status.Detail.Should().NotContain("db-7").And.Contain("retry");
        // The first attempt and the three retries of GrpcClientOptions.MaxRetryAttempts.
        server.Probe.Calls["outage"].Should().Be(4);
    }

    [Fact]
    public async Task Other_errors_are_not_retried()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Text = "invalid once", FailCode = (int)StatusCode.InvalidArgument }).ResponseAsync;

        await call.Should().ThrowAsync<RpcException>();
        server.Probe.Calls["invalid once"].Should().Be(1);
    }

    [Fact]
    public async Task Client_deadline_ends_the_call_with_DEADLINE_EXCEEDED_and_cancels_the_handler()
    {
        // A connected channel first, so the deadline is spent in the handler, not on connecting a loaded machine.
        await Client.EchoAsync(new EchoRequest { Text = "connect" });
        var call = () => Client.EchoAsync(new EchoRequest { Text = "slow", DelayMs = 30_000 }, deadline: DateTime.UtcNow.AddSeconds(1)).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.DeadlineExceeded);
        await server.Probe.WhenCancelled("slow").WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Caller_cancellation_throws_OperationCanceled_and_cancels_the_handler()
    {
        using var cancellation = new CancellationTokenSource();
        var call = Client.EchoAsync(new EchoRequest { Text = "abandoned", DelayMs = 30_000 }, cancellationToken: cancellation.Token).ResponseAsync;
        // Cancelling only once the handler runs: a cancellation before the request left would never reach it.
        await server.Probe.WhenWaiting("abandoned").WaitAsync(TimeSpan.FromSeconds(30));

        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        await server.Probe.WhenCancelled("abandoned").WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Oversized_request_is_RESOURCE_EXHAUSTED()
    {
        var call = () => Client.EchoAsync(new EchoRequest { Payload = ByteString.CopyFrom(new byte[EchoServer.MaxReceiveMessageSize + 1]) }).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Oversized_response_is_RESOURCE_EXHAUSTED_on_the_client()
    {
        using var clients = new EchoClients([server.Address], new Dictionary<string, string?> { ["Grpc:Client:MaxReceiveMessageSize"] = "1000" });

        var call = () => clients.Echo.EchoAsync(new EchoRequest { ReplyBytes = 2000 }).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.ResourceExhausted);
    }

    [Fact]
    public async Task Health_check_of_the_server_answers_from_the_health_checks()
    {
        var response = await _clients.Health.CheckAsync(new HealthCheckRequest());

        response.Status.Should().Be(HealthCheckResponse.Types.ServingStatus.Serving);
    }

    [Fact]
    public async Task Health_check_of_an_unknown_service_is_NOT_FOUND()
    {
        var call = () => _clients.Health.CheckAsync(new HealthCheckRequest { Service = "fitness.nothing.v1.Nope" }).ResponseAsync;

        (await call.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
    }

    [Fact]
    public async Task HttpClient_defaults_do_not_wrap_gRPC_clients()
    {
        // What a service-wide ConfigureHttpClientDefaults adds (service discovery, the standard resilience handler)
        // must not sit between the channel and its balancer: here a handler that fails every request.
        using var clients = new EchoClients([server.Address], configure: services =>
            services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new RefusingHandler())));

        var reply = await clients.Echo.EchoAsync(new EchoRequest { Text = "no handlers" });

        reply.Text.Should().Be("no handlers");
    }

    [Fact]
    public async Task A_call_is_one_trace_from_the_caller_to_the_server_handler()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Microsoft.AspNetCore" or "System.Net.Http" or "Grpc.Net.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("caller").Start();

        var call = Client.EchoAsync(new EchoRequest { Text = "traced" });
        await call;
        parent.Stop();

        call.GetTrailers().GetValue("x-trace-id").Should().Be(parent.TraceId.ToString());
    }

    private sealed class RefusingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => throw new InvalidOperationException("An HttpClient default handler ran on a gRPC call.");
    }
}
