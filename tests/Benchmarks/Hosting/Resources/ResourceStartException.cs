namespace FitnessAssistant.Hosting.Resources;

/// <summary>A server failed to start or to become ready; the message ends with the tail of its log.</summary>
public sealed class ResourceStartException(string resource, string reason, string logTail, Exception? inner = null)
    : Exception($"{resource} could not start: {reason}{Environment.NewLine}--- last lines of its log ---{Environment.NewLine}{logTail}", inner)
{
    public string Resource { get; } = resource;
}
