using FitnessAssistant.Gateway.Authentication;
using FitnessAssistant.Gateway.DeveloperPortal;
using FitnessAssistant.Gateway.Proxy;
using FitnessAssistant.Gateway.RateLimiting;
using FitnessAssistant.Gateway.Requests;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;

namespace FitnessAssistant.Gateway.Extensions;

public static class Extensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.AddRequestHygiene();
        builder.AddGatewayAuthentication();
        builder.AddGatewayRateLimiting();
        builder.AddGatewayProxy();
        builder.AddDeveloperPortal();
        return builder;
    }

    private static void AddRequestHygiene(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RequestLimitOptions>(RequestLimitOptions.Section);
        var limits = builder.Configuration.GetSection(RequestLimitOptions.Section).Get<RequestLimitOptions>() ?? new RequestLimitOptions();
        // Kestrel's limits are the backstop, above the gateway's own checks that answer with problem details.
        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = limits.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.MaxHeaderBytes * RequestLimitOptions.HardLimitFactor;
            kestrel.Limits.MaxRequestLineSize = limits.MaxUrlLength * RequestLimitOptions.HardLimitFactor + 64;
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = limits.MaxBodyBytes);

        var cors = builder.Configuration.GetSection("Cors");
        builder.Services.AddCors(options => options.AddPolicy("public", policy =>
        {
            var origins = cors.GetSection("AllowedOrigins").Get<string[]>() ?? [];
            if (origins.Contains("*"))
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins);
            }
            policy.WithMethods(cors.GetSection("AllowedMethods").Get<string[]>() ?? ["GET", "POST"])
                .WithHeaders(cors.GetSection("AllowedHeaders").Get<string[]>() ?? ["Content-Type", "X-Api-Key", "Authorization", "X-Request-Id"])
                .WithExposedHeaders("X-Request-Id", "Retry-After")
                .SetPreflightMaxAge(cors.GetValue("MaxAge", TimeSpan.FromMinutes(10)));
        }));
        builder.Services.AddRequestTimeouts();
    }

    private static void AddGatewayRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>(RateLimitOptions.Section);
        builder.Services.AddSingleton<LocalRateLimiter>();
        builder.Services.AddSingleton<SharedRateLimiter>();
        builder.Services.AddHealthChecks().AddCheck<SharedRateLimiterHealthCheck>("rate-limit-store");
    }

    private static void AddGatewayProxy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ProxyOptions>(ProxyOptions.Section);
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<ServiceDiscoveryDestinations>()
            .AddTransforms<ClientIdentityTransforms>()
            .AddTransforms<ConsistencyTokenTransforms>();
        // Passive health keeps a failed destination out for at least this window (YARP's default: a minute), even
        // after active checks see it healthy again; a restarted replica should be back in seconds.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(options => options.DetectionWindowSize = TimeSpan.FromSeconds(10));
    }

    private static void AddDeveloperPortal(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeveloperPortalOptions>().BindConfiguration(DeveloperPortalOptions.Section);
        builder.Services.AddHttpClient(UpstreamApiDocuments.HttpClientName);
        builder.Services.AddSingleton<UpstreamApiDocuments>();
    }

    /// <summary>
    /// Request id, security headers and size limits first (they apply to every answer), then CORS, authentication,
    /// rate limiting (which needs the client's identity), authorization and per-route timeouts.
    /// </summary>
    public static WebApplication UseGatewayPipeline(this WebApplication app)
    {
        // Built now, not on first use: a broken key entry or bad Redis setting must stop the start, not a request.
        _ = app.Services.GetRequiredService<ApiKeyStore>();
        _ = app.Services.GetRequiredService<SharedRateLimiter>();

        app.UseMiddleware<RequestId>();
        app.Use(SecurityHeaders.InvokeAsync);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLimits>();
        app.UseMiddleware<RequestTargetHygiene>();
        app.UseRouting();
        app.UseCors();
        app.UseAuthentication();
        app.UseMiddleware<RateLimitingMiddleware>();
        app.UseAuthorization();
        app.UseRequestTimeouts();
        return app;
    }

    public static void UseGatewayProxyPipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<ProxyResilience>();
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
    }
}
