using System.ComponentModel.DataAnnotations;

namespace FitnessAssistant.IndexingService.Activation;

/// <summary>Section <c>Activation</c>: switching searches to a ready version (docs/indexing.md, "Activation").</summary>
public sealed class ActivationOptions
{
    public const string Section = "Activation";

    /// <summary>
    /// How long the activate call waits for the catch-up and the switch before it answers 202 with the job to follow.
    /// A version that missed nothing is compared with the catalog in well under this at 873 exercises.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ResponseWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Catch-up passes tried when new changes keep being missed while one runs; then the activation fails.</summary>
    [Range(1, 10)]
    public int MaxCatchUpPasses { get; set; } = 3;
}
