using System.Globalization;
using FitnessAssistant.AppHost.Telemetry.Otlp;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace FitnessAssistant.AppHost.Telemetry;

/// <summary>From OTLP messages to the dashboard's records: attribute values as text, ids as lowercase hex.</summary>
public static class OtlpConversions
{
    public static IEnumerable<SpanRecord> Spans(ExportTraceServiceRequest request)
    {
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (service, instance) = Identity(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
                    {
                        continue; // invalid ids, as the specification defines them: nothing to join on
                    }
                    yield return new SpanRecord(
                        Hex(span.TraceId), Hex(span.SpanId), span.ParentSpanId.Length == 8 ? Hex(span.ParentSpanId) : null,
                        span.Name, KindName(span.Kind), service, instance, scopeSpans.Scope?.Name ?? "",
                        (long)span.StartTimeUnixNano, (long)span.EndTimeUnixNano,
                        span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Error => "error",
                            Status.Types.StatusCode.Ok => "ok",
                            _ => "unset",
                        },
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        Attributes(span.Attributes),
                        [.. span.Events.Select(e => new SpanEventRecord((long)e.TimeUnixNano, e.Name, Attributes(e.Attributes)))]);
                }
            }
        }
    }

    /// <summary>service.name and service.instance.id of a resource (ServiceDefaults sets both; replicas differ by instance).</summary>
    public static (string Service, string Instance) Identity(Resource? resource)
    {
        var attributes = resource is null ? new Dictionary<string, string>() : Attributes(resource.Attributes);
        var service = attributes.GetValueOrDefault("service.name") ?? "unknown";
        return (service, attributes.GetValueOrDefault("service.instance.id") ?? service);
    }

    public static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes)
    {
        var result = new Dictionary<string, string>(attributes.Count);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Text(attribute.Value);
        }
        return result;
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
        _ => "",
    };

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };
}
