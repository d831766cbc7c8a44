using System.Diagnostics;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>One activity per call on each side, named <c>{service}/{method}</c> with the OpenTelemetry rpc.* tags.</summary>
internal static class GrpcTelemetry
{
    public static readonly ActivitySource Source = Telemetry.CreateActivitySource("Grpc");

    public static Activity? StartCall(string service, string method, ActivityKind kind)
    {
        var activity = Source.StartActivity($"{service}/{method}", kind);
        activity?.SetTag("rpc.system", "grpc");
        activity?.SetTag("rpc.service", service);
        activity?.SetTag("rpc.method", method);
        return activity;
    }

    public static void SetStatus(this Activity? activity, GrpcStatusCode code, string? detail = null)
    {
        if (activity is null)
        {
            return;
        }
        activity.SetTag("rpc.grpc.status_code", (int)code);
        if (code != GrpcStatusCode.OK)
        {
            activity.SetStatus(ActivityStatusCode.Error, detail ?? code.ToString());
        }
    }
}
