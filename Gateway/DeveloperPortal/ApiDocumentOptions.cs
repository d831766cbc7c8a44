using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.Gateway.DeveloperPortal;

/// <summary>An upstream service's OpenAPI document, re-published by the gateway at <c>/openapi/{name}/v1.json</c>.</summary>
public sealed class ApiDocumentOptions
{
    [Required]
    public string Title { get; set; } = "";

    /// <summary>YARP cluster whose healthy destination is asked.</summary>
    [Required]
    public string Cluster { get; set; } = "";

    [Required]
    public string Path { get; set; } = "/openapi/v1.json";

    /// <summary>Only paths under these prefixes are public (routed by the gateway); the rest are left out.</summary>
    public string[] PublicPathPrefixes { get; set; } = [];
}

public sealed class DeveloperPortalOptions
{
    public const string Section = "DeveloperPortal";

    public Dictionary<string, ApiDocumentOptions> Documents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
