using System.Diagnostics;
using System.Text.Json;
using FitnessAssistant.MetadataService.Experiments;

namespace FitnessAssistant.MetadataService.Tests.Experiments;

/// <summary>
/// The shared folder beside the repository (found walking up from the test binaries, so a worktree one level deeper
/// finds it too): free-exercise-db and the evaluation scripts this project's grading and metrics must equal.
/// </summary>
internal static class SharedEval
{
    public static string Folder { get; } = Locate("shared/eval");

    public static string Catalog { get; } = Path.Combine(Locate("shared/data/free-exercise-db"), "exercises.json");

    public static IReadOnlyList<GradedExercise> Exercises { get; } = ReadCatalog();

    /// <summary>Runs python3 with the arguments and standard input; its standard output, or a failure with its error.</summary>
    public static string Python(IEnumerable<string> arguments, string input = "")
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, error.Result);
        return output;
    }

    private static List<GradedExercise> ReadCatalog()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Catalog));
        static string? Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        static string[] List(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(v => v.GetString()!)];
        return [.. document.RootElement.EnumerateArray().Select(e => new GradedExercise(Text(e, "id")!, Text(e, "name")!, Text(e, "category")!,
            Text(e, "level")!, Text(e, "force"), Text(e, "mechanic"), Text(e, "equipment"), List(e, "primaryMuscles"), List(e, "secondaryMuscles")))];
    }

    private static string Locate(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(directory.FullName, relative), Path.Combine(directory.FullName, "..", relative) })
            {
                if (Directory.Exists(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }
        throw new DirectoryNotFoundException($"{relative} was not found above {AppContext.BaseDirectory}.");
    }
}
