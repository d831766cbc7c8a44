using System.Text.Json;

namespace FitnessAssistant.EmbeddingService.Tests.Fixtures;

/// <summary>
/// Real texts for the BERT-family reference tests: exercise names and instructions of free-exercise-db (read from the
/// shared data directory, never copied into the repository) and search queries as users type them.
/// </summary>
public static class CatalogTexts
{
    private const string CatalogFile = "shared/data/free-exercise-db/exercises.json";

    public static IReadOnlyList<string> Queries { get; } =
    [
        "something for my lower back, no equipment", "press-ups", "hamstrng strech", "biceps with dumbbells",
        "beginner core workout", "exercises for bad knees", "kettlebell swing", "how to do a pull-up",
        "stretch tight hip flexors", "chest without a bench",
    ];

    /// <summary>Every <paramref name="stride"/>-th exercise's name, its name with its first instruction, and its
    /// instructions joined (the long texts), ASCII only: the packages' own tokenizer keeps accents, which the
    /// models' uncased vocabulary (and Microsoft.ML.Tokenizers with accent stripping) do not.</summary>
    public static IReadOnlyList<string> Sample(int stride)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Locate()));
        var texts = new List<string>();
        var exercises = document.RootElement.EnumerateArray().ToList();
        for (var i = 0; i < exercises.Count; i += stride)
        {
            var name = exercises[i].GetProperty("name").GetString()!;
            var instructions = exercises[i].GetProperty("instructions").EnumerateArray().Select(line => line.GetString()!).ToList();
            texts.Add(name);
            if (instructions.Count > 0)
            {
                texts.Add($"{name}. {instructions[0]}");
                texts.Add(string.Join(" ", instructions));
            }
        }
        return [.. texts.Where(text => text.All(char.IsAscii))];
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, CatalogFile);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"{CatalogFile} was not found above {AppContext.BaseDirectory}.");
    }
}
