using System.Collections.Concurrent;
using System.Diagnostics;
using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Tests.Protos;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

public sealed class GrpcTracingAndConnectionTests(EchoServer server) : IClassFixture<EchoServer>, IDisposable
{
    private readonly GrpcChannel _channel = new(server.Address);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task A_call_is_one_trace_from_the_client_activity_to_the_server_handler()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "FitnessAssistant.Grpc" or "Microsoft.AspNetCore" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = new Activity("caller").Start();

        var response = await _channel.UnaryCallAsync<EchoRequest, EchoReply>(EchoServer.Service, "Echo", new EchoRequest { Text = "traced" });
        parent.Stop();

        response.Trailers.Get("x-trace-id").Should().Be(parent.TraceId.ToString());
        var ours = stopped.Where(a => a.TraceId == parent.TraceId && a.Source.Name == "FitnessAssistant.Grpc").ToList();
        ours.Should().Contain(a => a.Kind == ActivityKind.Client && a.DisplayName == $"{EchoServer.Service}/Echo"
                                   && Equals(a.GetTagItem("rpc.grpc.status_code"), 0));
        ours.Should().Contain(a => a.Kind == ActivityKind.Server && a.DisplayName == $"{EchoServer.Service}/Echo");
    }

    [Fact]
    public async Task Calls_on_one_channel_share_one_HTTP2_connection()
    {
        await CallAsync();

        var sequential = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            sequential.Add(await CallAsync());
        }
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => CallAsync()));

        sequential.Concat(concurrent).Distinct().Should().ContainSingle();
    }

    private async Task<string> CallAsync()
    {
        var response = await _channel.UnaryCallAsync<EchoRequest, EchoReply>(EchoServer.Service, "Echo", new EchoRequest { Text = "c" });
        return response.Trailers.Get("x-connection-id")!;
    }
}
