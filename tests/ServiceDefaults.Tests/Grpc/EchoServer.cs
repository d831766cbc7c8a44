using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>A real Kestrel server on a free loopback port, HTTP/2 only like the services' gRPC endpoints,
/// serving the test EchoService through the runtime under test.</summary>
public sealed class EchoServer : IAsyncLifetime
{
    public const string Service = "fitness.test.v1.EchoService";

    /// <summary>Small, so oversized-message tests stay cheap.</summary>
    public const int MaxReceiveMessageSize = 64 * 1024;

    private WebApplication? _app;

    public Uri Address { get; private set; } = null!;

    public HandlerProbe Probe { get; } = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Grpc:Server:MaxReceiveMessageSize"] = MaxReceiveMessageSize.ToString();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.AddDefaultHealthChecks();
        builder.ConfigureOpenTelemetry(); // MapDefaultEndpoints maps /metrics
        builder.AddGrpcServer();
        builder.Services.AddSingleton(Probe);

        _app = builder.Build();
        _app.MapDefaultEndpoints();
        _app.MapGrpcService(Service, service => service
            .MapUnary<EchoRequest, EchoReply>("Echo", EchoHandlers.EchoAsync)
            .MapServerStreaming<EchoRequest, EchoReply>("EchoStream", EchoHandlers.EchoStreamAsync));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Address = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>What handlers saw, for tests that check the server side of a call (cancellation reached the handler).</summary>
public sealed class HandlerProbe
{
    public ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

    public Task WhenCancelled(string text)
        => Cancelled.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void ReportCancelled(string text)
        => Cancelled.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}

public static class EchoHandlers
{
    /// <summary><c>fail_code</c> of this value makes the handler throw a plain exception (a bug, not a status).</summary>
    public const int CrashCode = 99;

    /// <summary><c>fail_code</c> of this value makes the handler fail as if its database did not answer.</summary>
    public const int OutageCode = 98;

    public static async Task<EchoReply> EchoAsync(EchoRequest request, GrpcCallContext context)
    {
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
            var trailers = new GrpcMetadata { { "x-error-detail", "from-handler" } };
            throw new GrpcException((GrpcStatusCode)request.FailCode, request.Text, trailers);
        }
        // Metadata round trip: what the client sent comes back as a response header and as trailers.
        if (context.RequestHeaders.Get("x-echo") is { } echo)
        {
            context.ResponseHeaders.Add("x-echo-header", echo);
            context.ResponseTrailers.Add("x-echo-trailer", echo);
        }
        if (context.RequestHeaders.GetBytes("x-echo-bin") is { } bytes)
        {
            context.ResponseTrailers.Add("x-echo-bin", bytes);
        }
        // What the server saw of the call's transport and trace, for the reuse and propagation tests.
        context.ResponseTrailers.Add("x-connection-id", context.HttpContext.Connection.Id);
        context.ResponseTrailers.Add("x-trace-id", Activity.Current?.TraceId.ToString() ?? "none");
        return new EchoReply { Text = request.Text, Payload = ByteString.CopyFrom(new byte[request.ReplyBytes]) };
    }

    public static async IAsyncEnumerable<EchoReply> EchoStreamAsync(EchoRequest request, GrpcCallContext context)
    {
        for (var i = 0; i < request.Count; i++)
        {
            if (request.FailCode != 0 && i == request.Count / 2)
            {
                throw new GrpcException((GrpcStatusCode)request.FailCode, request.Text);
            }
            await DelayAsync(request, context);
            yield return new EchoReply { Text = request.Text, Index = i, Payload = ByteString.CopyFrom(new byte[request.ReplyBytes]) };
        }
    }

    private static async Task DelayAsync(EchoRequest request, GrpcCallContext context)
    {
        if (request.DelayMs <= 0)
        {
            return;
        }
        try
        {
            await Task.Delay(request.DelayMs, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            context.HttpContext.RequestServices.GetRequiredService<HandlerProbe>().ReportCancelled(request.Text);
            throw;
        }
    }
}

/// <summary>A typed client as services write them: one method per RPC over the shared channel.</summary>
public sealed class EchoClient(GrpcChannel channel)
{
    public GrpcChannel Channel => channel;

    public Task<EchoReply> EchoAsync(EchoRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.UnaryAsync<EchoRequest, EchoReply>(EchoServer.Service, "Echo", request, options, cancellationToken);

    public IAsyncEnumerable<EchoReply> EchoStreamAsync(EchoRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        => channel.ServerStreamingAsync<EchoRequest, EchoReply>(EchoServer.Service, "EchoStream", request, options, cancellationToken);
}
