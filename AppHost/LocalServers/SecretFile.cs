namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>A generated secret kept in a file only its owner can read, so it stays the same across AppHost runs.</summary>
internal static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string ReadOrCreate(string path, Func<string> generate)
    {
        if (File.Exists(path))
        {
            // Files written by older versions with default permissions are corrected on first read.
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
            return File.ReadAllText(path).Trim();
        }
        var value = generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (OperatingSystem.IsLinux())
        {
            options.UnixCreateMode = OwnerOnly; // owner-only before anything is written into it
        }
        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(value);
        }
        return value;
    }
}
