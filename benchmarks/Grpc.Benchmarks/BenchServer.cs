using System.Net;
using System.Net.Sockets;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace FitnessAssistant.Grpc.Benchmarks;

/// <summary>One Kestrel, two loopback endpoints as in the services: HTTP/2-only for gRPC, HTTP/1.1 for JSON.</summary>
public sealed class BenchServer : IAsyncDisposable
{
    /// <summary>The service credential the server checks, as the project's services do.</summary>
    public const string ServiceCredential = "bench-service-credential-0123456789abcdef";

    private readonly WebApplication _app;

    private BenchServer(WebApplication app, Uri grpc, Uri json)
    {
        _app = app;
        GrpcAddress = grpc;
        JsonAddress = json;
    }

    public Uri GrpcAddress { get; }

    public Uri JsonAddress { get; }

    public static async Task<BenchServer> StartAsync()
    {
        var (grpcPort, jsonPort) = (FreePort(), FreePort());
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, jsonPort, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Configuration["ServiceCredential:Token"] = ServiceCredential;
        builder.AddGrpcServer();

        var app = builder.Build();
        app.MapGrpcService<SearchMethod.GrpcService>();
        app.MapPost("/json/search", (SearchMethod.JsonRequest request) => TypedResults.Ok(SearchMethod.Json(request)));
        await app.StartAsync();
        return new BenchServer(app, new Uri($"http://127.0.0.1:{grpcPort}"), new Uri($"http://127.0.0.1:{jsonPort}"));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
