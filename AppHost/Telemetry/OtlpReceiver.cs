using System.IO.Compression;
using FitnessAssistant.AppHost.Telemetry.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FitnessAssistant.AppHost.Telemetry;

/// <summary>
/// The OTLP/HTTP receiver (binary protobuf, the <c>http/protobuf</c> protocol): <c>POST /v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c>, as every service's exporter sends them when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> points at the dashboard. OTLP/JSON is refused with 415.
/// </summary>
public static class OtlpReceiver
{
    public const string ProtobufContentType = "application/x-protobuf";

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder app)
    {
        var otlp = app.MapGroup("/v1").WithTags("OTLP");
        otlp.MapPost("/traces", ReceiveTracesAsync);
        otlp.MapPost("/metrics", ReceiveMetricsAsync);
        otlp.MapPost("/logs", ReceiveLogsAsync);
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveTracesAsync(HttpRequest request, TraceStore traces)
        => await ReceiveAsync(request, ExportTraceServiceRequest.Parser,
            message => traces.Add(OtlpConversions.Spans(message)), new ExportTraceServiceResponse());

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveMetricsAsync(HttpRequest request, MetricStore metrics)
        => await ReceiveAsync(request, ExportMetricsServiceRequest.Parser, metrics.Add, new ExportMetricsServiceResponse());

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveLogsAsync(HttpRequest request, TelemetryLogStore logs)
        => await ReceiveAsync(request, ExportLogsServiceRequest.Parser, logs.Add, new ExportLogsServiceResponse());

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReceiveAsync<TRequest>(
        HttpRequest request, MessageParser<TRequest> parser, Action<TRequest> store, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                $"This receiver takes OTLP/HTTP in binary protobuf ({ProtobufContentType}); set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && encoding != "gzip" && encoding != "identity")
        {
            return TypedResults.Problem($"Content-Encoding '{encoding}' is not supported: send gzip or no encoding.",
                statusCode: StatusCodes.Status415UnsupportedMediaType);
        }
        TRequest message;
        try
        {
            using var body = new MemoryStream();
            await (encoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body).CopyToAsync(body, request.HttpContext.RequestAborted);
            message = parser.ParseFrom(body.ToArray());
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidDataException)
        {
            return TypedResults.Problem($"The body is not a valid {typeof(TRequest).Name}: {ex.Message}", statusCode: StatusCodes.Status400BadRequest);
        }
        store(message);
        return TypedResults.File(response.ToByteArray(), ProtobufContentType);
    }
}
