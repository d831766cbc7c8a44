namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>
/// A model version the service can serve (once tools/ModelPreparation has prepared it): where its published files
/// are, how its graph is fed and pooled, its tokenizer, its limits and the prefixes its model card prescribes.
/// </summary>
/// <param name="Id">Stable name of the model family; vectors of different ids are never comparable.</param>
/// <param name="Version">Version of the vector space: a new version means every stored vector must be recomputed.</param>
/// <param name="MaxTokens">Tokens the model reads, special tokens included; longer texts are truncated.</param>
/// <param name="QueryPrefix">Put before a search query (retrieval models trained with an instruction); documents get <paramref name="DocumentPrefix"/>.</param>
/// <param name="SourcePackage">The package the model comes from (npm for the TF.js graph, NuGet for the ONNX resources).</param>
/// <param name="GraphFile">The published graph: a path under the npm modules, or a manifest resource of the package's assembly.</param>
/// <param name="VocabularyFile">The published vocabulary, located like <paramref name="GraphFile"/>.</param>
public sealed record ModelDefinition(
    string Id,
    string Version,
    ModelArchitecture Architecture,
    int Dimensions,
    int MaxTokens,
    Pooling Pooling,
    string QueryPrefix,
    string DocumentPrefix,
    string License,
    string SourcePackage,
    string GraphFile,
    string VocabularyFile,
    TokenizerKind Tokenizer,
    int ReservedSymbols,
    ModelSignature Signature);

/// <summary>How the graph is fed.</summary>
public enum ModelArchitecture
{
    /// <summary>Universal Sentence Encoder Lite: sparse token ids in (as tf.SparseTensor), a normalised vector out.</summary>
    SparseTokenIds,

    /// <summary>A BERT encoder: padded <c>input_ids</c>, <c>attention_mask</c>, <c>token_type_ids</c> in, token states out.</summary>
    Bert,
}

/// <summary>How token states become one vector (then L2-normalised); <see cref="None"/> when the graph pools itself.</summary>
public enum Pooling
{
    None,
    Mean,
    Cls,
}

public enum TokenizerKind
{
    SentencePieceUnigram,
    BertWordPiece,
}

/// <summary>Names of the graph's inputs (in the order the architecture feeds them) and of the output read.</summary>
public sealed record ModelSignature(IReadOnlyList<string> Inputs, string Output);
