using System.Text.Json;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.EmbeddingService.Tokenization;
using Google.Protobuf;

namespace FitnessAssistant.EmbeddingService.ModelPreparation;

/// <summary>
/// Turns a published TF.js model into a prepared ONNX model directory (model.onnx, vocab.json, manifest.json with
/// SHA-256 checksums), once: a model already prepared by the same converter revision, with intact files, is left as
/// it is. Preparation writes into a scratch directory and renames it into place, under a lock, so a reader never sees
/// half a model and two concurrent preparations do the work once.
/// </summary>
public sealed class ModelPreparer(string npmModules, ModelStore store)
{
    /// <summary>Bumped whenever the conversion's output changes, so caches made by an older converter are rebuilt.</summary>
    public const int PreparationRevision = 3;

    public const string VocabularyFileName = "vocab.json";

    /// <summary>Makes sure <paramref name="definition"/> is prepared; reports progress as it goes.</summary>
    public PreparedModel Prepare(ModelDefinition definition, Action<string> progress)
    {
        var modelRoot = Path.Combine(store.Root, definition.Id);
        Directory.CreateDirectory(modelRoot);
        using var preparationLock = AcquireLock(Path.Combine(modelRoot, $".{definition.Version}.lock"), progress);

        if (store.TryOpen(definition.Id, definition.Version, out var existing, out var reason))
        {
            if (existing.Manifest.PreparationRevision == PreparationRevision)
            {
                progress($"{definition.Id} {definition.Version}: already prepared in {existing.Directory} (checksums verified), skipping");
                return existing;
            }
            reason = $"it was prepared by preparation revision {existing.Manifest.PreparationRevision}, this is {PreparationRevision}";
        }
        progress($"{definition.Id} {definition.Version}: preparing ({reason})");

        var graphPath = Path.Combine(npmModules, definition.GraphFile);
        var vocabularyPath = Path.Combine(npmModules, definition.VocabularyFile);
        foreach (var required in new[] { graphPath, vocabularyPath })
        {
            if (!File.Exists(required))
            {
                throw new FileNotFoundException(
                    $"{required} is missing: the npm package {definition.SourcePackage} is not installed (eng/install-prerequisites.sh installs it).",
                    required);
            }
        }

        var scratch = Path.Combine(modelRoot, $".{definition.Version}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var sourceFiles = SourceFiles(graphPath, definition, progress);
            var graph = TfjsGraphModel.Load(graphPath, message => progress($"{definition.Id} {definition.Version}: {message}"));
            progress($"{definition.Id} {definition.Version}: {graph.Nodes.Count} TensorFlow nodes, {graph.Weights.Count} constants; converting to ONNX opset {TfToOnnxConverter.OpsetVersion}");
            var (onnx, ops) = TfToOnnxConverter.Convert(
                graph,
                definition.Signature.Inputs,
                [definition.Signature.Output],
                producerVersion: $"preparation revision {PreparationRevision}",
                message => progress($"{definition.Id} {definition.Version}: {message}"));

            var modelPath = Path.Combine(scratch, PreparedModel.ModelFileName);
            using (var output = File.Create(modelPath))
            {
                onnx.WriteTo(output);
            }
            File.Copy(vocabularyPath, Path.Combine(scratch, VocabularyFileName));
            var pieces = UniversalSentenceEncoderTokenizer.Load(vocabularyPath, definition.ReservedSymbols).VocabularySize;

            ModelFile[] files = [Describe(scratch, PreparedModel.ModelFileName), Describe(scratch, VocabularyFileName)];
            progress($"{definition.Id} {definition.Version}: wrote {PreparedModel.ModelFileName} ({files[0].Bytes / 1024} KiB, sha256 {files[0].Sha256})");

            var manifest = new ModelManifest(
                definition.Id,
                definition.Version,
                definition.Architecture,
                definition.Dimensions,
                definition.MaxTokens,
                definition.Pooling,
                Normalized: true,
                definition.QueryPrefix,
                definition.DocumentPrefix,
                definition.License,
                new TokenizerManifest(definition.Tokenizer, VocabularyFileName, "NFKC", definition.ReservedSymbols, pieces),
                definition.Signature,
                files,
                new ModelSource(definition.SourcePackage, sourceFiles),
                PreparationRevision,
                new ConverterManifest(TfToOnnxConverter.IrVersion, TfToOnnxConverter.OpsetVersion, ops),
                DateTimeOffset.UtcNow);
            File.WriteAllBytes(Path.Combine(scratch, ModelManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, ModelManifest.JsonOptions));

            var target = store.DirectoryOf(definition.Id, definition.Version);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(scratch, target);
            progress($"{definition.Id} {definition.Version}: prepared in {target}");
            return store.Open(definition.Id, definition.Version);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The published files the preparation reads (graph, weight shards, vocabulary), with checksums.</summary>
    private List<ModelFile> SourceFiles(string graphPath, ModelDefinition definition, Action<string> progress)
    {
        var shards = Directory.GetFiles(Path.GetDirectoryName(graphPath)!, "group*-shard*").Order(StringComparer.Ordinal);
        var files = new List<ModelFile>();
        foreach (var path in (string[])[graphPath, .. shards, Path.Combine(npmModules, definition.VocabularyFile)])
        {
            files.Add(new ModelFile(Path.GetRelativePath(npmModules, path), new FileInfo(path).Length, ModelStore.Sha256Of(path)));
        }
        progress($"{definition.Id} {definition.Version}: checksummed {files.Count} source files of {definition.SourcePackage}");
        return files;
    }

    private static ModelFile Describe(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return new ModelFile(name, new FileInfo(path).Length, ModelStore.Sha256Of(path));
    }

    /// <summary>An exclusive lock (flock on Linux) held while preparing; waits for another preparation to finish.</summary>
    private static FileStream AcquireLock(string path, Action<string> progress)
    {
        var waited = false;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                if (!waited)
                {
                    progress($"waiting for another preparation holding {path}");
                    waited = true;
                }
                Thread.Sleep(500);
            }
        }
    }
}
