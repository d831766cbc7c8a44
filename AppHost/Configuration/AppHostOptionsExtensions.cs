using System.ComponentModel.DataAnnotations;
using FitnessAssistant.Hosting.Processes;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.AppHost.Configuration;

public static class AppHostOptionsExtensions
{
    /// <summary>The short environment variables people type, mapped onto the options section.</summary>
    private static readonly Dictionary<string, string> EnvironmentAliases = new()
    {
        ["FA_STATE_DIR"] = nameof(AppHostOptions.StateDirectory),
        ["FA_SEARCH_REPLICAS"] = nameof(AppHostOptions.SearchReplicas),
        ["FA_DASHBOARD_PORT"] = nameof(AppHostOptions.DashboardPort),
        ["FA_GATEWAY_PORT"] = nameof(AppHostOptions.GatewayPort),
        ["FA_PROMETHEUS_PORT"] = nameof(AppHostOptions.PrometheusPort),
        ["FA_PROMETHEUS"] = nameof(AppHostOptions.Prometheus),
        ["FA_CONSOLE_LOGS"] = nameof(AppHostOptions.ConsoleLogs),
    };

    /// <summary>
    /// Reads and validates the options now, not lazily: the ports must be fixed before anything starts, because every
    /// service is told the dashboard's address and Kestrel must listen on it. A bad setting stops the AppHost here,
    /// naming the setting.
    /// </summary>
    public static AppHostOptions AddAppHostOptions(this WebApplicationBuilder builder)
    {
        var aliases = EnvironmentAliases
            .Where(alias => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(alias.Key)))
            .ToDictionary(alias => $"{AppHostOptions.Section}:{alias.Value}", alias => Environment.GetEnvironmentVariable(alias.Key));
        builder.Configuration.AddInMemoryCollection(aliases);

        var options = builder.Configuration.GetSection(AppHostOptions.Section).Get<AppHostOptions>() ?? new AppHostOptions();
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new OptionsValidationException(AppHostOptions.Section, typeof(AppHostOptions),
                errors.Select(error => $"{AppHostOptions.Section}:{string.Join(",", error.MemberNames)}: {error.ErrorMessage}"));
        }
        options.DashboardPort = options.DashboardPort == 0 ? FreePort.Next() : options.DashboardPort;
        options.PrometheusPort = options.PrometheusPort == 0 ? FreePort.Next() : options.PrometheusPort;

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(Options.Create(options));
        return options;
    }

    public static Uri DashboardUri(this AppHostOptions options) => new($"http://127.0.0.1:{options.DashboardPort}");
}
