namespace FitnessAssistant.AppHostRuns;

/// <summary>
/// The first of <c>{root}/0</c>, <c>{root}/1</c>, ... that no live test run holds, emptied and held by an advisory lock
/// until disposed: parallel runs on one machine never share servers' data. The kernel drops the lock when its
/// holder dies, however it dies, and Aspire's orchestrator stops a dead run's processes itself.
/// </summary>
public sealed class StateSlot : IDisposable
{
    private readonly FileStream _lock;

    private StateSlot(string directory, FileStream stateLock)
    {
        Directory = directory;
        _lock = stateLock;
    }

    public string Directory { get; }

    public static StateSlot TakeFirstFree(string root, int candidates = 8)
    {
        for (var i = 0; i < candidates; i++)
        {
            var directory = Path.Combine(root, i.ToString());
            System.IO.Directory.CreateDirectory(directory);
            FileStream stateLock;
            try
            {
                stateLock = new FileStream(Path.Combine(directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue; // a live run holds it
            }
            foreach (var leftover in System.IO.Directory.EnumerateDirectories(directory))
            {
                System.IO.Directory.Delete(leftover, recursive: true);
            }
            return new StateSlot(directory, stateLock);
        }
        throw new InvalidOperationException($"All {candidates} state directories under {root} are in use.");
    }

    public void Dispose() => _lock.Dispose();
}
