using System.Text;

namespace FitnessAssistant.AppHost.Logs;

/// <summary>
/// The AppHost's console: each resource's lines behind a <c>[name]</c> prefix, services' JSON rendered as
/// "level category: message", so the interleaved output of the whole system stays readable.
/// </summary>
public static class ConsoleOutput
{
    private static readonly Lock Gate = new();

    public static void WriteResourceLine(LogEntry entry, int nameWidth)
    {
        var prefix = $"[{entry.Resource}]".PadRight(nameWidth + 3);
        var text = new StringBuilder(prefix);
        if (entry.Category is not null)
        {
            text.Append(entry.Level.PadRight(5)).Append(' ').Append(entry.Category).Append(": ");
        }
        text.Append(entry.Message);
        if (entry.Exception is not null)
        {
            foreach (var line in entry.Exception.Split('\n'))
            {
                text.Append('\n').Append(prefix).Append("  ").Append(line.TrimEnd('\r'));
            }
        }
        Write(text.ToString());
    }

    public static void Write(string text)
    {
        lock (Gate)
        {
            Console.Out.WriteLine(text);
        }
    }
}
