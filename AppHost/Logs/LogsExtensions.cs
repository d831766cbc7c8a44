using Microsoft.Extensions.Logging.Console;

namespace FitnessAssistant.AppHost.Logs;

public static class LogsExtensions
{
    /// <summary>
    /// The console shows the AppHost's own lines as <c>[apphost] ...</c> and every resource's output as
    /// <c>[name] ...</c>; the same lines are kept for the dashboard's log pages.
    /// </summary>
    public static WebApplicationBuilder AddResourceLogs(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.FormatterName = AppHostConsoleFormatter.Name)
            .AddConsoleFormatter<AppHostConsoleFormatter, ConsoleFormatterOptions>();
        builder.Services.AddSingleton<ResourceLogStore>();
        // Registered before the orchestrator, so it stops after it and prints the services' last lines.
        builder.Services.AddHostedService<ResourceLogFollower>();
        return builder;
    }
}
