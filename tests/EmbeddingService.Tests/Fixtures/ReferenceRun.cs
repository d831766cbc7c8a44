using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService.Tests.Fixtures;

/// <summary>Runs Reference/reference.js (the TF.js tokenizer and model, in node) and returns what it printed.</summary>
public static class ReferenceRun
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Reference");

    public static string InputsPath => Path.Combine(Directory, "inputs.json");

    public static IReadOnlyList<string> Inputs { get; } =
        JsonSerializer.Deserialize<List<string>>(File.ReadAllText(InputsPath))!;

    /// <summary>The reference's token ids and vector for each input, each text embedded on its own.</summary>
    public static IReadOnlyList<GoldenCase> Golden(IReadOnlyList<string> texts)
        => JsonSerializer.Deserialize<List<GoldenCase>>(Run("golden", JsonSerializer.Serialize(texts)), JsonSerializerOptions.Web)!;

    public static string Run(string mode, string stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(Directory, "reference.js"), mode])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FA_HOME"] = FitnessAssistantHome.Root;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"reference.js {mode} did not finish in time");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"reference.js {mode} failed ({process.ExitCode}): {stderr.Result}");
        }
        return stdout.Result;
    }
}

public sealed record GoldenCase(string Text, int[] Tokens, float[]? Vector);
