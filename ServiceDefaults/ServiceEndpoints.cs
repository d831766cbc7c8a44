using Microsoft.Extensions.Configuration;

namespace FitnessAssistant.ServiceDefaults;

/// <summary>
/// Reads service addresses the way Aspire passes them: <c>services__{service}__{endpoint}__{index}</c>
/// environment variables, i.e. the configuration keys <c>services:{service}:{endpoint}:{index}</c>.
/// </summary>
public static class ServiceEndpoints
{
    public static IReadOnlyList<Uri> GetServiceEndpoints(this IConfiguration configuration, string service, string endpoint)
        => configuration.GetSection($"services:{service}:{endpoint}").GetChildren()
            .OrderBy(child => int.TryParse(child.Key, out var index) ? index : int.MaxValue)
            .Select(child => child.Value)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .Select(value => new Uri(value!, UriKind.Absolute))
            .ToList();

    public static Uri GetRequiredServiceEndpoint(this IConfiguration configuration, string service, string endpoint)
        => configuration.GetServiceEndpoints(service, endpoint).FirstOrDefault()
           ?? throw new InvalidOperationException(
               $"No address configured for service '{service}' endpoint '{endpoint}'. " +
               $"Set services__{service}__{endpoint}__0 (e.g. http://127.0.0.1:5001).");
}
