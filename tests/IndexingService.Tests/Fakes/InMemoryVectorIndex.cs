using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IndexingService.Tests.Fakes;

/// <summary>The write-side semantics of <see cref="IVectorIndex"/> (versions, row-version checks, tombstones) in memory.</summary>
internal sealed class InMemoryVectorIndex : IVectorIndex
{
    private readonly Dictionary<string, (IndexVersion Version, Dictionary<string, Row> Rows)> _versions = new();
    private string? _active;
    private long _epoch;
    private bool _pending;
    private int _next = 1;

    public sealed record Row(long SourceVersion, bool Deleted, VectorRecord? Record);

    public Dictionary<string, Row> Rows(string version) => _versions[version].Rows;

    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IndexState> GetStateAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(new IndexState(_active, _active is null ? null : _versions[_active].Version.Model, _epoch, _pending));

    public Task<IReadOnlyList<IndexVersion>> ListVersionsAsync(CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<IndexVersion>>(_versions.Values
            .Where(v => v.Version.State != IndexVersionState.Retired)
            .Select(v => v.Version with { IsActive = v.Version.Name == _active })
            .ToList());

    public Task<IndexVersion> CreateVersionAsync(EmbeddingModel model, int dimensions, string documentFormat, CancellationToken cancellationToken = default)
    {
        var version = new IndexVersion($"v{_next++}", model, dimensions, documentFormat, IndexVersionState.Building, false, DateTimeOffset.UtcNow, null, null);
        _versions[version.Name] = (version, new Dictionary<string, Row>());
        return Task.FromResult(version);
    }

    public Task SealVersionAsync(string version, CancellationToken cancellationToken = default)
    {
        var entry = _versions[version];
        if (entry.Version.State == IndexVersionState.Building)
        {
            _versions[version] = entry with { Version = entry.Version with { State = IndexVersionState.Ready, ReadyAt = DateTimeOffset.UtcNow } };
        }
        return Task.CompletedTask;
    }

    public Task FailVersionAsync(string version, string reason, CancellationToken cancellationToken = default)
    {
        var entry = _versions[version];
        _versions[version] = entry with { Version = entry.Version with { State = IndexVersionState.Failed, Failure = reason } };
        return Task.CompletedTask;
    }

    public Task<long> ActivateAsync(string version, CancellationToken cancellationToken = default)
    {
        var described = _versions[version].Version;
        if (described.State != IndexVersionState.Ready)
        {
            throw new InvalidOperationException("not ready");
        }
        if (described.MissedChanges > 0)
        {
            throw new IndexVersionBehindException(version, described.MissedChanges);
        }
        _active = version;
        _pending = false;
        return Task.FromResult(++_epoch);
    }

    public Task MarkBehindAsync(string version, CancellationToken cancellationToken = default)
    {
        var entry = _versions[version];
        _versions[version] = entry with
        {
            Version = entry.Version with { MissedChanges = entry.Version.MissedChanges + 1, BehindSince = entry.Version.BehindSince ?? DateTimeOffset.UtcNow },
        };
        return Task.CompletedTask;
    }

    public Task<bool> MarkCaughtUpAsync(string version, long missedChanges, CancellationToken cancellationToken = default)
    {
        var entry = _versions[version];
        if (entry.Version.MissedChanges != missedChanges)
        {
            return Task.FromResult(false);
        }
        _versions[version] = entry with { Version = entry.Version with { MissedChanges = 0, BehindSince = null } };
        return Task.FromResult(true);
    }

    public Task<long?> AdvanceEpochAsync(CancellationToken cancellationToken = default)
    {
        long? result = _pending ? ++_epoch : null;
        _pending = false;
        return Task.FromResult(result);
    }

    public Task RetireAsync(string version, CancellationToken cancellationToken = default)
    {
        var entry = _versions[version];
        _versions[version] = entry with { Version = entry.Version with { State = IndexVersionState.Retired } };
        return Task.CompletedTask;
    }

    public Task<IndexWriteResult> UpsertAsync(string version, EmbeddingModel model, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0)
        {
            return Task.FromResult(IndexWriteResult.Unchanged);
        }
        var entry = _versions[version];
        if (entry.Version.Model != model)
        {
            throw new EmbeddingModelMismatchException(version, entry.Version.Model, model);
        }
        var changed = 0;
        foreach (var record in records)
        {
            if (!entry.Rows.TryGetValue(record.Id, out var row) || row.SourceVersion < record.SourceVersion)
            {
                entry.Rows[record.Id] = new Row(record.SourceVersion, false, record);
                changed++;
            }
        }
        return Task.FromResult(Written(version, changed));
    }

    public Task<IndexWriteResult> DeleteAsync(string version, IReadOnlyList<VectorDeletion> deletions, CancellationToken cancellationToken = default)
    {
        var rows = _versions[version].Rows;
        var changed = 0;
        foreach (var deletion in deletions)
        {
            if (!rows.TryGetValue(deletion.Id, out var row) || (!row.Deleted && row.SourceVersion <= deletion.SourceVersion))
            {
                rows[deletion.Id] = new Row(deletion.SourceVersion, true, null);
                changed++;
            }
        }
        return Task.FromResult(Written(version, changed));
    }

    public Task<long> CountAsync(string version, CancellationToken cancellationToken = default)
        => Task.FromResult((long)_versions[version].Rows.Values.Count(r => !r.Deleted));

    public Task<IReadOnlyDictionary<string, long>> GetSourceVersionsAsync(string version, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyDictionary<string, long>>(_versions[version].Rows
            .Where(r => ids.Contains(r.Key))
            .ToDictionary(r => r.Key, r => r.Value.SourceVersion));

    public Task<IReadOnlyDictionary<string, long>> ListSourceVersionsAsync(string version, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyDictionary<string, long>>(_versions[version].Rows
            .Where(r => !r.Value.Deleted)
            .ToDictionary(r => r.Key, r => r.Value.SourceVersion));

    public Task<IReadOnlyList<VectorRecord>> GetAsync(string version, IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
        => Task.FromResult<IReadOnlyList<VectorRecord>>(_versions[version].Rows
            .Where(r => ids.Contains(r.Key) && !r.Value.Deleted)
            .Select(r => r.Value.Record!)
            .ToList());

    public Task<VectorSearchResult> SearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        var name = query.Version ?? _active ?? throw new IndexNotReadyException("none active");
        var entry = _versions[name];
        var hits = entry.Rows.Values.Where(r => !r.Deleted)
            .Select(r => new VectorHit(r.Record!.Id, Dot(r.Record.Vector.Span, query.Vector.Span), r.SourceVersion))
            .OrderByDescending(h => h.Similarity)
            .Take(query.Limit)
            .ToList();
        return Task.FromResult(new VectorSearchResult(name, entry.Version.Model, _epoch, hits));
    }

    private IndexWriteResult Written(string version, int changed)
    {
        var visible = changed > 0 && version == _active;
        _pending |= visible;
        return new IndexWriteResult(changed, visible);
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
