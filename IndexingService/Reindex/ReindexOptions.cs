using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.IndexingService.Reindex;

/// <summary>Section <c>Reindex</c>: full builds of a new index version (docs/indexing.md, "Re-index").</summary>
public sealed class ReindexOptions
{
    public const string Section = "Reindex";

    /// <summary>Exercises read from the catalog per page.</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 128;

    /// <summary>Texts per embedding call; one call in flight at a time, so interactive queries keep room (FM-3).</summary>
    [Range(1, 256)]
    public int EmbeddingBatchSize { get; set; } = 32;

    /// <summary>Exercises re-embedded and searched for themselves during verification.</summary>
    [Range(1, 10_000)]
    public int VerificationSample { get; set; } = 100;

    /// <summary>Share of the sample that must find itself first (FM-11: 99 %).</summary>
    [Range(0.0, 1.0)]
    public double MinSelfRetrieval { get; set; } = 0.99;

    /// <summary>Approximate against exact search on the sample: the new version's graph must be sound.</summary>
    [Range(0.0, 1.0)]
    public double MinRecallAt10 { get; set; } = 0.95;

    /// <summary>Inactive ready versions kept for rollback after a switch; older ones are retired.</summary>
    [Range(0, 10)]
    public int KeepPreviousVersions { get; set; } = 1;

    /// <summary>Build a version on start when none is active or the active one is of another model or text format.</summary>
    public bool BootstrapOnStart { get; set; } = true;

    /// <summary>An automatic rebuild request is ignored this long after an automatic build failed (no retry storm).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AutomaticRetryAfterFailure { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan OutagePause { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxOutagePause { get; set; } = TimeSpan.FromSeconds(30);
}
