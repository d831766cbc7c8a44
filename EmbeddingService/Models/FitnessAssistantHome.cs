namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// The machine-wide asset directory (<c>FA_HOME</c>, default <c>/var/lib/fitnessassistant</c>) shared by every clone:
/// npm assets in <c>npm/</c> (eng/install-prerequisites.sh) and prepared models in <c>models/</c>.
/// </summary>
public static class FitnessAssistantHome
{
    public static string Root => Environment.GetEnvironmentVariable("FA_HOME") is { Length: > 0 } home ? home : "/var/lib/fitnessassistant";

    public static string NpmModules => Path.Combine(Root, "npm", "node_modules");

    public static string Models => Path.Combine(Root, "models");
}
