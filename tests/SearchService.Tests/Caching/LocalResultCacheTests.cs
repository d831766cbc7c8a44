using FitnessAssistant.SearchService.Caching;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.SearchService.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.SearchService.Tests.Caching;

public sealed class LocalResultCacheTests
{
    private static readonly SearchOutcome Outcome = new([], new Dictionary<string, IReadOnlyList<FacetCount>>(), []);

    private readonly InMemorySearchCache _shared = new();

    [Fact]
    public async Task A_result_found_in_the_shared_cache_is_answered_from_memory_next_time()
    {
        using var local = Create();
        await _shared.SetAsync("squat", 7, Outcome, CancellationToken.None);
        (await local.GetAsync("squat", 7, CancellationToken.None)).Entry.Should().NotBeNull();

        _shared.Down = true;
        var again = await local.GetAsync("squat", 7, CancellationToken.None);

        again.Entry!.Outcome.Should().BeSameAs(Outcome);
        again.Failed.Should().BeFalse();
    }

    [Fact]
    public async Task A_written_result_is_kept_in_memory_and_in_the_shared_cache()
    {
        using var local = Create();

        await local.SetAsync("curl", 3, Outcome, CancellationToken.None);

        _shared.Writes.Should().Be(1);
        _shared.Down = true;
        (await local.GetAsync("curl", 3, CancellationToken.None)).Entry.Should().NotBeNull();
    }

    [Fact]
    public async Task A_new_index_epoch_misses_in_memory_as_in_the_shared_cache()
    {
        using var local = Create();
        await local.SetAsync("curl", 3, Outcome, CancellationToken.None);

        var read = await local.GetAsync("curl", 4, CancellationToken.None);

        read.Entry.Should().BeNull();
        read.Failed.Should().BeFalse();
    }

    [Fact]
    public async Task Last_good_answers_come_from_the_shared_cache_only()
    {
        using var local = Create();
        await local.SetAsync("curl", 3, Outcome, CancellationToken.None);
        _shared.Down = true;

        (await local.GetStaleAsync("curl", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task With_no_local_entries_every_read_goes_to_the_shared_cache()
    {
        using var local = Create(new CacheOptions { LocalEntries = 0 });
        await local.SetAsync("curl", 3, Outcome, CancellationToken.None);
        _shared.Down = true;

        var read = await local.GetAsync("curl", 3, CancellationToken.None);

        read.Failed.Should().BeTrue();
    }

    private LocalResultCache Create(CacheOptions? options = null)
        => new(_shared, Options.Create(options ?? new CacheOptions()), TestMetrics.Create());
}
