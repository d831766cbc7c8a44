using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.Embedding.Benchmarks;

/// <summary>Runs reference.js (the test suite's TF.js reference) in its timing mode on the same texts.</summary>
public static class NodeReference
{
    public static string Run(IReadOnlyList<string> single, IReadOnlyList<IReadOnlyList<string>> batches, int warmup)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "Reference", "reference.js"), "bench"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FA_HOME"] = FitnessAssistantHome.Root;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(new { single, batches, warmup }));
        process.StandardInput.Close();
        process.WaitForExit();
        return process.ExitCode == 0 ? stdout.Result : throw new InvalidOperationException($"reference.js bench failed: {stderr.Result}");
    }
}
