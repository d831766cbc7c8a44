using FitnessAssistant.Gateway.Authentication;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace FitnessAssistant.Gateway.Proxy;

/// <summary>
/// Upstream services never see the client's API key; they get the authenticated client's id in <c>X-Client-Id</c>
/// (a client-sent value is replaced). Bearer tokens pass on, so a service may check them again.
/// </summary>
public sealed class ClientIdentityTransforms(IOptionsMonitor<ProxyOptions> options) : ITransformProvider
{
    public const string ClientIdHeader = "X-Client-Id";
    public const string DestinationHeader = "X-Upstream-Destination";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        context.AddRequestHeaderRemove(ApiKeyAuthenticationHandler.HeaderName);
        context.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            headers.Remove(ClientIdHeader);
            if (transform.HttpContext.User.FindFirst(GatewayClaims.Subject)?.Value is { } subject
                && transform.HttpContext.User.Identity?.IsAuthenticated == true)
            {
                headers.TryAddWithoutValidation(ClientIdHeader, subject);
            }
            return ValueTask.CompletedTask;
        });
        context.AddResponseTransform(transform =>
        {
            if (options.CurrentValue.ExposeDestination
                && transform.HttpContext.GetReverseProxyFeature().ProxiedDestination?.DestinationId is { } destination)
            {
                transform.HttpContext.Response.Headers[DestinationHeader] = destination;
            }
            return ValueTask.CompletedTask;
        });
    }
}
