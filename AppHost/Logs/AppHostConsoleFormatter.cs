using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace FitnessAssistant.AppHost.Logs;

/// <summary>The AppHost's own log lines, in the same <c>[name]</c> style as the resources' lines around them.</summary>
public sealed class AppHostConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "apphost";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warn: ",
            LogLevel.Error => "error: ",
            LogLevel.Critical => "crit: ",
            _ => "",
        };
        var text = $"[apphost] {level}{message}";
        if (logEntry.Exception is not null && logEntry.LogLevel >= LogLevel.Error)
        {
            text += Environment.NewLine + logEntry.Exception;
        }
        textWriter.WriteLine(text);
    }
}
