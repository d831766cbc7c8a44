namespace FitnessAssistant.AppHostRuns;

/// <summary>Finds the repository root (the folder holding FitnessAssistant.sln) from a running program.</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static string Project(string folder) => Path.Combine(Root, folder);

    /// <summary>
    /// The shared folder (catalog data, evaluation scripts) beside the repository; a git worktree one level deeper
    /// (e.g. /work/wt/name beside /work/main) finds the same folder one level up.
    /// </summary>
    public static string Shared { get; } = new[] { Path.Combine(Root, "..", "shared"), Path.Combine(Root, "..", "..", "shared") }
        .Select(Path.GetFullPath)
        .FirstOrDefault(Directory.Exists) ?? Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FitnessAssistant.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"FitnessAssistant.sln not found above {AppContext.BaseDirectory}.");
    }
}
