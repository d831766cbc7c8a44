namespace FitnessAssistant.MetadataService.Experiments;

public enum JudgedSetWriteStatus
{
    Written,
    NotFound,
    QueryNotFound,
    VersionMismatch,
    DuplicateId,

    /// <summary>Explicit judgments name exercises the catalog does not hold (<see cref="JudgedSetWriteResult.UnknownExercises"/>).</summary>
    UnknownExercises,
}

/// <summary>The outcome of a write to a judged set: the set as written, or why nothing was written.</summary>
public sealed record JudgedSetWriteResult(
    JudgedSetWriteStatus Status, JudgedSet? Set = null, long? CurrentVersion = null, IReadOnlyList<string>? UnknownExercises = null);
