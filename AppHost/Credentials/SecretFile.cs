namespace FitnessAssistant.AppHost.Credentials;

/// <summary>
/// Files holding secrets (passwords, keys, server configs that contain them): created readable by their owner only
/// before anything is written into them, so no other local user can read a secret, not even for a moment.
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>A generated secret kept across runs; files written by older versions with wider permissions are corrected.</summary>
    public static string ReadOrCreate(string path, Func<string> generate)
    {
        if (File.Exists(path))
        {
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
            return File.ReadAllText(path).Trim();
        }
        var value = generate();
        Write(path, value, FileMode.CreateNew);
        return value;
    }

    /// <summary>Writes (or replaces) a file with secret content.</summary>
    public static void Write(string path, string content) => Write(path, content, FileMode.Create);

    private static void Write(string path, string content, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (OperatingSystem.IsLinux())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(content);
        }
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(path, OwnerOnly); // UnixCreateMode applies only to a file that did not exist
        }
    }
}
