using FitnessAssistant.Metadata.V1;

namespace FitnessAssistant.IndexingService.Registry;

public enum RegistryAction
{
    Register,
    Activate,
    Retire,
}

/// <summary>One call that brings the catalog's embedding-version registry closer to the index.</summary>
public sealed record RegistryStep(RegistryAction Action, string Id, RegisterEmbeddingVersionRequest? Registration = null)
{
    public override string ToString() => $"{Action.ToString().ToLowerInvariant()} {Id}";
}
