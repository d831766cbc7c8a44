namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>A prepared model on disk whose files matched the manifest's checksums when it was opened.</summary>
public sealed record PreparedModel(string Directory, ModelManifest Manifest)
{
    public const string ModelFileName = "model.onnx";

    public string ModelPath => Path.Combine(Directory, ModelFileName);

    public string VocabularyPath => Path.Combine(Directory, Manifest.Tokenizer.Vocabulary);
}
