namespace FitnessAssistant.AppHost.LocalServers;

/// <summary>A generated secret kept in a file only its owner can read, so it stays the same across AppHost runs.</summary>
internal static class SecretFile
{
    public static string ReadOrCreate(string path, Func<string> generate)
    {
        if (File.Exists(path))
        {
            // Files written by older versions with default permissions are corrected on first read.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return File.ReadAllText(path).Trim();
        }
        var value = generate();
        using (var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(value);
        }
        return value;
    }
}
