namespace FitnessAssistant.IndexingService.Jobs;

/// <summary>The most recent jobs of one kind, for the admin API: the oldest is forgotten once there are more.</summary>
internal sealed class JobHistory<TJob>(int capacity = 20) where TJob : IndexJob
{
    private readonly Lock _lock = new();
    private readonly List<TJob> _jobs = [];

    public void Add(TJob job)
    {
        lock (_lock)
        {
            _jobs.Add(job);
            if (_jobs.Count > capacity)
            {
                _jobs.RemoveAt(0);
            }
        }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<TJob> Recent
    {
        get
        {
            lock (_lock)
            {
                return _jobs.AsEnumerable().Reverse().ToList();
            }
        }
    }

    public TJob? Find(Guid id)
    {
        lock (_lock)
        {
            return _jobs.FirstOrDefault(job => job.Id == id);
        }
    }
}
