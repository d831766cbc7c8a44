using System.Diagnostics;
using FitnessAssistant.EmbeddingService.Models;

namespace FitnessAssistant.EmbeddingService.Reference;

/// <summary>
/// Runs Reference/reference.js (the TF.js tokenizer and model, in node) in one of its modes with a JSON input and
/// returns what it printed. Shared by the correctness tests and, linked, by Embedding.Benchmarks' timing comparison.
/// </summary>
public static class ReferenceScript
{
    public static string Run(string mode, string stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("node", [Path.Combine(AppContext.BaseDirectory, "Reference", "reference.js"), mode])
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
