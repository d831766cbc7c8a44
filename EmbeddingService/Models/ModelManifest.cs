using System.Text.Json;
using System.Text.Json.Serialization;

namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// <c>manifest.json</c> of a prepared model: its identity, shape, how it is fed and pooled, tokenizer, the files it
/// consists of with their SHA-256 checksums, and where it came from. Written by tools/ModelPreparation (the
/// <paramref name="PreparationRevision"/> is bumped whenever its output changes, so older preparations are redone),
/// read and checked by the service. <paramref name="Converter"/> is set for models converted from TF.js.
/// </summary>
public sealed record ModelManifest(
    string Id,
    string Version,
    ModelArchitecture Architecture,
    int Dimensions,
    int MaxTokens,
    Pooling Pooling,
    bool Normalized,
    string QueryPrefix,
    string DocumentPrefix,
    string License,
    TokenizerManifest Tokenizer,
    ModelSignature Signature,
    IReadOnlyList<ModelFile> Files,
    ModelSource Source,
    int PreparationRevision,
    ConverterManifest? Converter,
    DateTimeOffset PreparedAt)
{
    public const string FileName = "manifest.json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public ModelFile File(string path)
        => Files.FirstOrDefault(file => file.Path == path) ?? throw new InvalidDataException($"The manifest of {Id} {Version} lists no file {path}.");
}

/// <param name="Vocabulary">The vocabulary file, relative to the model directory.</param>
/// <param name="Normalization">What is done to text before tokenizing, for people reading the manifest.</param>
public sealed record TokenizerManifest(TokenizerKind Kind, string Vocabulary, string Normalization, int ReservedSymbols, int Pieces);

public sealed record ModelFile(string Path, long Bytes, string Sha256);

/// <param name="Package">The package the model was converted or extracted from.</param>
/// <param name="Files">The published files read, with checksums, so a changed package is noticed.</param>
public sealed record ModelSource(string Package, IReadOnlyList<ModelFile> Files);

/// <param name="Ops">TensorFlow ops converted, with counts.</param>
public sealed record ConverterManifest(long IrVersion, int Opset, IReadOnlyDictionary<string, int> Ops);
