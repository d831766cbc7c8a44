namespace FitnessAssistant.EmbeddingService.Models;

/// <summary>The model the service is configured to serve is not prepared (or its files do not match their checksums).</summary>
public sealed class ModelNotPreparedException(string id, string version, string directory, string reason)
    : Exception($"The embedding model {id} version {version} is not usable in {directory}: {reason}. " +
        "Prepare it with `dotnet run --project tools/ModelPreparation -c Release` " +
        "(eng/test.sh and eng/run.sh do this on set-up).");
