using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.AppHost;

public static class SystemSettingsExtensions
{
    public static SystemSettings AddSystemSettings(this IDistributedApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var gatewayPort = configuration.GetValue<int?>("FA_GATEWAY_PORT") ?? 8080;
        var settings = new SystemSettings
        {
            StateDirectory = configuration["FA_STATE_DIR"] ?? "/var/lib/fitnessassistant/apphost",
            Durable = configuration.GetValue("FA_DURABLE", true),
            SearchReplicas = configuration.GetValue("FA_SEARCH_REPLICAS", 2),
            EmbeddingInstances = configuration.GetValue("FA_EMBEDDING_INSTANCES", 2),
            EventBusNodes = configuration.GetValue("FA_EVENTBUS_NODES", 1),
            GatewayPort = gatewayPort == 0 ? null : gatewayPort,
            Prometheus = configuration.GetValue("FA_PROMETHEUS", File.Exists("/usr/bin/prometheus")),
            MetricsPort = configuration.GetValue<int?>("FA_APPHOST_METRICS_PORT"),
            ConsoleLogs = configuration.GetValue("FA_CONSOLE_LOGS", false),
        };
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        Directory.CreateDirectory(settings.StateDirectory);
        return settings;
    }
}
