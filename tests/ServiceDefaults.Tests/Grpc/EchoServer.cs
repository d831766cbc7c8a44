using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using FitnessAssistant.ServiceDefaults.Metrics;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>A real Kestrel server on a loopback port, HTTP/2 only like the services' gRPC endpoints, serving the
/// test EchoService through grpc-dotnet with ServiceDefaults' gRPC server set-up.</summary>
public sealed class EchoServer : IAsyncLifetime
{
    public const string Service = "fitness.test.v1.EchoService";

    /// <summary>Small, so oversized-message tests stay cheap.</summary>
    public const int MaxReceiveMessageSize = 64 * 1024;

    private WebApplication? _app;

    /// <summary>A named replica, for the balancing tests (the name comes back in the <c>x-server</c> trailer).</summary>
    public static EchoServer Replica(string name) => new() { Probe = new HandlerProbe(name) };

    /// <summary>The service credential the echo servers check and <see cref="EchoClients"/> send.</summary>
    public const string ServiceCredential = "echo-tests-service-credential-0123456789";

    public Uri Address { get; private set; } = null!;

    public HandlerProbe Probe { get; private init; } = new("echo");

    public Task InitializeAsync() => StartAsync(0);

    /// <summary>Starts serving on <paramref name="port"/> (0: a free one); again after <see cref="StopAsync"/> to bring a replica back.</summary>
    public async Task StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Grpc:Server:MaxReceiveMessageSize"] = MaxReceiveMessageSize.ToString();
        builder.Configuration["ServiceCredential:Token"] = ServiceCredential;
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.AddDefaultHealthChecks();
        builder.ConfigureOpenTelemetry(); // MapDefaultEndpoints maps /metrics
        builder.AddGrpcServer();
        builder.Services.AddSingleton(Probe);

        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGrpcService<EchoHandlers>();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address);
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public Task DisposeAsync() => StopAsync();
}

/// <summary>What handlers saw: calls per request text, whether a slow handler began waiting, and whether cancellation
/// reached it.</summary>
public sealed class HandlerProbe(string serverName)
{
    public string ServerName { get; } = serverName;

    public ConcurrentDictionary<string, int> Calls { get; } = new();

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waiting = new();

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new();

    public Task WhenWaiting(string text) => Signal(_waiting, text).Task;

    public void ReportWaiting(string text) => Signal(_waiting, text).TrySetResult();

    public Task WhenCancelled(string text) => Signal(_cancelled, text).Task;

    public void ReportCancelled(string text) => Signal(_cancelled, text).TrySetResult();

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string text)
        => signals.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The test EchoService: each request picks the behaviour it checks (delay, failure, size, metadata).</summary>
public sealed class EchoHandlers(HandlerProbe probe) : EchoService.EchoServiceBase
{
    /// <summary><c>fail_code</c> of this value makes the handler throw a plain exception (a bug, not a status).</summary>
    public const int CrashCode = 99;

    /// <summary><c>fail_code</c> of this value makes the handler fail as if its database did not answer.</summary>
    public const int OutageCode = 98;

    public override async Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
    {
        probe.Calls.AddOrUpdate(request.Text, 1, (_, n) => n + 1);
        await DelayAsync(request, context);
        if (request.FailCode == CrashCode)
        {
            throw new InvalidOperationException("secret connection string Password=hunter2");
        }
        if (request.FailCode == OutageCode)
        {
            throw new InvalidOperationException("query failed on host db-7", new TimeoutException("no answer in 30 s"));
        }
        if (request.FailCode != 0)
        {
            throw new RpcException(new Status((StatusCode)request.FailCode, request.Text), new Metadata { { "x-error-detail", "from-handler" } });
        }
        // Metadata round trip: what the client sent comes back as a response header and as trailers.
        if (context.RequestHeaders.GetValue("x-echo") is { } echo)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "x-echo-header", echo } });
            context.ResponseTrailers.Add("x-echo-trailer", echo);
        }
        if (context.RequestHeaders.GetValueBytes("x-echo-bin") is { } bytes)
        {
            context.ResponseTrailers.Add("x-echo-bin", bytes);
        }
        // Which replica answered and the trace it saw, for the balancing and propagation tests.
        context.ResponseTrailers.Add("x-server", probe.ServerName);
        context.ResponseTrailers.Add("x-trace-id", Activity.Current?.TraceId.ToString() ?? "none");
        return new EchoReply { Text = request.Text, Payload = ByteString.CopyFrom(new byte[request.ReplyBytes]) };
    }

    public override async Task EchoStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            if (request.FailCode != 0 && i == request.Count / 2)
            {
                throw new RpcException(new Status((StatusCode)request.FailCode, request.Text));
            }
            await DelayAsync(request, context);
            await responseStream.WriteAsync(new EchoReply { Text = request.Text, Index = i, Payload = ByteString.CopyFrom(new byte[request.ReplyBytes]) });
        }
    }

    private async Task DelayAsync(EchoRequest request, ServerCallContext context)
    {
        if (request.DelayMs <= 0)
        {
            return;
        }
        try
        {
            probe.ReportWaiting(request.Text);
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            probe.ReportCancelled(request.Text);
            throw;
        }
    }
}
