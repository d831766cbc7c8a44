namespace FitnessAssistant.SearchService.Caching;

/// <summary>The Redis keys search uses; the version prefix lets a changed format ignore old entries.</summary>
public static class CacheKeys
{
    private const string Prefix = "search:v1";

    public static string Results(long epoch, string fingerprint) => $"{Prefix}:results:{epoch}:{fingerprint}";

    public static string StaleResults(string fingerprint) => $"{Prefix}:stale:{fingerprint}";

    public static string Embedding(string model, string textHash) => $"{Prefix}:embedding:{model}:{textHash}";
}
