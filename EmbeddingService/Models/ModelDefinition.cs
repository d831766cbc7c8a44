namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// A model version the service knows how to prepare and serve: where its published files are (relative to the npm
/// assets directory), its tokenizer, its limits, and the graph's input and output tensors.
/// </summary>
/// <param name="Id">Stable name of the model family; vectors of different ids are never comparable.</param>
/// <param name="Version">Version of the vector space: a new version means every stored vector must be recomputed.</param>
/// <param name="MaxTokens">Tokens the model reads; longer texts are truncated (the graph itself clips at this length).</param>
/// <param name="ReservedSymbols">Leading vocabulary entries (unknown, control symbols) that text never matches.</param>
public sealed record ModelDefinition(
    string Id,
    string Version,
    int Dimensions,
    int MaxTokens,
    string License,
    string SourcePackage,
    string GraphFile,
    string VocabularyFile,
    int ReservedSymbols,
    ModelSignature Signature);

/// <summary>Names of the graph's inputs (sparse token ids: <c>[n, 2]</c> row/position pairs and <c>[n]</c> ids) and output.</summary>
public sealed record ModelSignature(string Indices, string Values, string Embeddings);
