using System.Text.Json;
using FitnessAssistant.EmbeddingService.Reference;

namespace FitnessAssistant.EmbeddingService.Tests.Fixtures;

/// <summary>The reference inputs and what reference.js makes of them.</summary>
public static class ReferenceRun
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Reference");

    public static string InputsPath => Path.Combine(Directory, "inputs.json");

    public static IReadOnlyList<string> Inputs { get; } =
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(InputsPath))!;

    /// <summary>The reference's token ids and vector for each input, each text embedded on its own.</summary>
    public static IReadOnlyList<GoldenCase> Golden(IReadOnlyList<string> texts)
        => JsonSerializer.Deserialize<List<GoldenCase>>(ReferenceScript.Run("golden", JsonSerializer.Serialize(texts)), JsonSerializerOptions.Web)!;
}

public sealed record GoldenCase(string Text, int[] Tokens, float[]? Vector);
