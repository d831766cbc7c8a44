using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using FitnessAssistant.AppHost.Telemetry;
using FitnessAssistant.AppHost.Telemetry.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using OtlpResource = FitnessAssistant.AppHost.Telemetry.Otlp.Resource;

namespace FitnessAssistant.AppHost.Tests.Telemetry;

public sealed class OtlpReceiverTests
{
    [Fact]
    public async Task The_OpenTelemetry_exporter_delivers_spans_and_metrics_over_http_protobuf()
    {
        await using var app = await StartReceiverAsync();
        var endpoint = app.Urls.Single();
        using var source = new ActivitySource("FitnessAssistant.Tests.Otlp");
        using var meter = new Meter("FitnessAssistant.Tests.Otlp");
        var resource = ResourceBuilder.CreateDefault().AddService("search", serviceInstanceId: "search-1");
        using var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(source.Name)
            .AddOtlpExporter(o => { o.Endpoint = new Uri($"{endpoint}/v1/traces"); o.Protocol = OtlpExportProtocol.HttpProtobuf; })
            .Build();
        using var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(meter.Name)
            .AddOtlpExporter(o => { o.Endpoint = new Uri($"{endpoint}/v1/metrics"); o.Protocol = OtlpExportProtocol.HttpProtobuf; })
            .Build();
        var durations = meter.CreateHistogram<double>(MetricStore.RequestDurationMetric, "s",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1] });
        meter.CreateObservableGauge("fitness.tests.queue.depth", () => 42);

        string traceId;
        using (var request = source.StartActivity("GET /api/v1/search", ActivityKind.Server)!)
        {
            request.SetTag("http.route", "/api/v1/search");
            traceId = request.TraceId.ToHexString();
            using var call = source.StartActivity("fitness.embedding.v1.EmbeddingService/Embed", ActivityKind.Client)!;
            call.SetStatus(ActivityStatusCode.Error, "deadline exceeded");
        }
        for (var i = 0; i < 19; i++)
        {
            durations.Record(0.02, new("http.route", "/api/v1/search"), new("http.response.status_code", 200));
        }
        durations.Record(0.07, new("http.route", "/api/v1/search"), new("http.response.status_code", 500));
        tracing.ForceFlush().Should().BeTrue();
        metrics.ForceFlush().Should().BeTrue();

        var trace = app.Services.GetRequiredService<TraceStore>().Get(traceId);
        trace.Should().NotBeNull();
        trace!.Spans.Should().HaveCount(2);
        trace.Spans[0].Should().BeEquivalentTo(new { Name = "GET /api/v1/search", Kind = "server", Service = "search", Instance = "search-1", ParentSpanId = (string?)null });
        trace.Spans[0].Attributes["http.route"].Should().Be("/api/v1/search");
        trace.Spans[1].Should().BeEquivalentTo(new { Kind = "client", Status = "error", StatusMessage = "deadline exceeded", ParentSpanId = trace.Spans[0].SpanId });

        var store = app.Services.GetRequiredService<MetricStore>();
        var headline = store.Headlines().Should().ContainSingle().Subject;
        headline.Should().BeEquivalentTo(new { Service = "search", Requests = 20L, ErrorRate = 0.05 });
        headline.P95Ms.Should().BeInRange(10, 50); // rank 19 of 20 falls in (0.01, 0.05]
        store.Latest().Should().ContainSingle(m => m.Name == "fitness.tests.queue.depth").Which.Value.Should().Be("42");
    }

    [Fact]
    public async Task Gzip_bodies_are_accepted_and_logs_are_kept_by_trace()
    {
        var request = new ExportLogsServiceRequest();
        var record = new LogRecord
        {
            TimeUnixNano = 5,
            SeverityNumber = 17,
            Body = new AnyValue { StringValue = "embedding failed" },
            TraceId = ByteString.CopyFrom(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("b7ad6b7169203331")),
        };
        request.ResourceLogs.Add(new ResourceLogs
        {
            Resource = new OtlpResource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "search" } } } },
            ScopeLogs = { new ScopeLogs { Scope = new InstrumentationScope { Name = "FitnessAssistant.Search" }, LogRecords = { record } } },
        });
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            request.WriteTo(gzip);
        }
        var context = Context(compressed.ToArray(), OtlpReceiver.ProtobufContentType);
        context.Request.Headers.ContentEncoding = "gzip";
        var logs = new TelemetryLogStore();

        var result = await OtlpReceiver.ReceiveLogsAsync(context.Request, logs);

        result.Result.Should().BeOfType<FileContentHttpResult>().Which.ContentType.Should().Be(OtlpReceiver.ProtobufContentType);
        logs.ForTrace("0af7651916cd43dd8448eb211c80319c").Should().ContainSingle()
            .Which.Should().BeEquivalentTo(new { Service = "search", Severity = "Error", Message = "embedding failed", Category = "FitnessAssistant.Search", SpanId = "b7ad6b7169203331" });
    }

    [Fact]
    public async Task Json_is_refused_with_415_and_a_broken_body_with_400()
    {
        var traces = new TraceStore();

        var json = await OtlpReceiver.ReceiveTracesAsync(Context("{}"u8.ToArray(), "application/json").Request, traces);
        var broken = await OtlpReceiver.ReceiveTracesAsync(Context([0x0a, 0xff, 0xff], OtlpReceiver.ProtobufContentType).Request, traces);

        json.Result.Should().BeOfType<ProblemHttpResult>().Which.StatusCode.Should().Be(415);
        broken.Result.Should().BeOfType<ProblemHttpResult>().Which.StatusCode.Should().Be(400);
        traces.TraceCount.Should().Be(0);
    }

    private static DefaultHttpContext Context(byte[] body, string contentType)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(body);
        return context;
    }

    private static async Task<WebApplication> StartReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddTelemetryReceiver();
        var app = builder.Build();
        app.MapOtlpReceiver();
        await app.StartAsync();
        return app;
    }
}
