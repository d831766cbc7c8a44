namespace FitnessAssistant.IndexingService.Reindex;

public enum ReindexPhase
{
    Preparing,
    Embedding,
    BuildingIndex,
    Verifying,
    Activating,
    Succeeded,
    Failed,
    Cancelled,
}
