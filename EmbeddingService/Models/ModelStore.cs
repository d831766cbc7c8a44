using System.Security.Cryptography;
using System.Text.Json;

namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>Prepared models on disk, one directory per model version: <c>&lt;root&gt;/&lt;id&gt;/&lt;version&gt;/</c>.</summary>
public sealed class ModelStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string DirectoryOf(string id, string version) => Path.Combine(Root, id, version);

    /// <summary>Opens a prepared model after checking every file against the manifest.</summary>
    /// <exception cref="ModelNotPreparedException">No manifest, a file missing, or a checksum mismatch.</exception>
    public PreparedModel Open(string id, string version)
        => TryOpen(id, version, out var model, out var reason)
            ? model
            : throw new ModelNotPreparedException(id, version, DirectoryOf(id, version), reason);

    public bool TryOpen(string id, string version, out PreparedModel model, out string reason)
    {
        model = null!;
        var directory = DirectoryOf(id, version);
        var manifestPath = Path.Combine(directory, ModelManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            reason = $"{ModelManifest.FileName} is missing";
            return false;
        }
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllBytes(manifestPath), ModelManifest.JsonOptions);
        }
        catch (JsonException exception)
        {
            reason = $"{ModelManifest.FileName} is not valid: {exception.Message}";
            return false;
        }
        if (manifest is null || manifest.Id != id || manifest.Version != version)
        {
            reason = $"{ModelManifest.FileName} describes {manifest?.Id} {manifest?.Version}";
            return false;
        }
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(directory, file.Path);
            if (!File.Exists(path))
            {
                reason = $"{file.Path} is missing";
                return false;
            }
            var actual = Sha256Of(path);
            if (actual != file.Sha256)
            {
                reason = $"{file.Path} has SHA-256 {actual}, the manifest says {file.Sha256}";
                return false;
            }
        }
        model = new PreparedModel(directory, manifest);
        reason = "";
        return true;
    }

    public static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
