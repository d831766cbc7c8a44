namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>What verification of a new version measured; <see cref="Failures"/> is empty when it passed.</summary>
public sealed record VerificationReport(
    long VersionCount,
    long CatalogCount,
    int Sample,
    double SelfRetrieval,
    double RecallAt10,
    double MaxNormError,
    IReadOnlyList<string> Failures)
{
    public bool Passed => Failures.Count == 0;
}
