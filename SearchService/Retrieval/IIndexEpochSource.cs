namespace FitnessAssistant.SearchService.Retrieval;

/// <summary>The vector index epoch this replica serves: equal epochs mean equal search answers.</summary>
public interface IIndexEpochSource
{
    /// <summary>The current epoch, or null while it is not known (no index reachable yet).</summary>
    long? Current { get; }
}
