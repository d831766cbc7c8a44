using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FitnessAssistant.ServiceDefaults.Http;

/// <summary>
/// HEAD answers like GET without the body (RFC 9110 §9.3.2), for every GET endpoint: the gateway routes HEAD to
/// the services, and minimal APIs map GET only.
/// </summary>
public static class HeadRequests
{
    /// <summary>Call first: the request must read as GET when routing picks the endpoint, so routing follows.</summary>
    public static WebApplication UseHeadRequests(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }
            var body = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            context.Request.Method = HttpMethods.Get;
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null, body));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(body);
                context.Request.Method = HttpMethods.Head;
            }
        });
        app.UseRouting();
        return app;
    }
}
