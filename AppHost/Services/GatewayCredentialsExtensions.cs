using FitnessAssistant.AppHost.Credentials;

namespace FitnessAssistant.AppHost.Services;

public static class GatewayCredentialsExtensions
{
    /// <summary>
    /// The development key's plan outside Development: its own plan (generous limits) is configured for Development
    /// only (Gateway/appsettings.Development.json), and a key naming an unknown plan stops the gateway.
    /// </summary>
    private const string ProductionKeyPlan = "standard";

    /// <summary>
    /// Hands the gateway its development API key (as a hash) and token signing key, kept in the state directory, and
    /// prints the key and an admin token once the gateway is healthy: what a developer needs to call the API at once.
    /// The services in <paramref name="tokenCheckedBy"/> check admin tokens themselves and get the token settings only.
    /// The dashboard never shows them (the values reach the services as secret parameters).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithGatewayCredentials(this IResourceBuilder<ProjectResource> gateway, string stateDirectory,
        params IReadOnlyList<IResourceBuilder<ProjectResource>> tokenCheckedBy)
    {
        var credentials = GatewayCredentials.LoadOrCreate(Path.Combine(stateDirectory, "credentials", "gateway.json"));
        foreach (var (name, value) in credentials.GatewayEnvironment)
        {
            var parameter = gateway.ApplicationBuilder.AddParameter($"gateway-{name.Replace("__", "-").ToLowerInvariant()}",
                name == GatewayCredentials.DevelopmentKeyPlanVariable && !gateway.ApplicationBuilder.Environment.IsDevelopment()
                    ? ProductionKeyPlan
                    : value, secret: true);
            gateway.WithEnvironment(name, parameter);
            if (credentials.TokenValidationEnvironment.ContainsKey(name))
            {
                foreach (var service in tokenCheckedBy)
                {
                    service.WithEnvironment(name, parameter);
                }
            }
        }
        return gateway.OnResourceReady((resource, @event, _) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("FitnessAssistant");
            logger.LogInformation("Gateway ready at {Url} — API key (header X-Api-Key): {ApiKey} — admin bearer token (12 h): {Token}",
                resource.GetEndpoint("http").Url, credentials.ApiKey,
                credentials.MintToken("local-admin", ["admin"], TimeSpan.FromHours(12)));
            return Task.CompletedTask;
        });
    }
}
