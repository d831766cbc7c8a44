using FitnessAssistant.Gateway.Authentication;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace FitnessAssistant.Gateway.Proxy;

/// <summary>
/// The catalog's read-your-writes token (the primary's WAL position, as <c>X-Catalog-Lsn</c> or the
/// <c>catalog-lsn</c> cookie) sends a read to the primary. Only admin callers write, so only they have a write to
/// read back; from anyone else the token is stripped, so an API key cannot push the public reads onto the primary.
/// </summary>
public sealed class ConsistencyTokenTransforms : ITransformProvider
{
    public const string HeaderName = "X-Catalog-Lsn";
    public const string CookieName = "catalog-lsn";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
        => context.AddRequestTransform(transform =>
        {
            if (!transform.HttpContext.User.IsInRole(GatewayClaims.AdminRole))
            {
                RemoveToken(transform.ProxyRequest.Headers);
            }
            return ValueTask.CompletedTask;
        });

    private static void RemoveToken(System.Net.Http.Headers.HttpRequestHeaders headers)
    {
        headers.Remove(HeaderName);
        if (!headers.TryGetValues(HeaderNames.Cookie, out var cookieHeaders))
        {
            return;
        }
        var kept = cookieHeaders
            .SelectMany(header => header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(cookie => !cookie.StartsWith(CookieName + "=", StringComparison.Ordinal))
            .ToList();
        headers.Remove(HeaderNames.Cookie);
        if (kept.Count > 0)
        {
            headers.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", kept));
        }
    }
}
