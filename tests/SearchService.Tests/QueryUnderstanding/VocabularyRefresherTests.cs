using FitnessAssistant.SearchService.QueryUnderstanding;
using FitnessAssistant.SearchService.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace FitnessAssistant.SearchService.Tests.QueryUnderstanding;

public sealed class VocabularyRefresherTests
{
    [Fact]
    public async Task The_vocabulary_is_fetched_at_start_and_again_whenever_the_index_epoch_moves()
    {
        var dependencies = new FakeDependencies { Epoch = 1 };
        var provider = new VocabularyProvider();
        using var refresher = new VocabularyRefresher(dependencies, dependencies, provider, NullLogger<VocabularyRefresher>.Instance);

        await refresher.StartAsync(CancellationToken.None);
        // The fake counts a call when it starts; the refresher applies the answer after it returns.
        await UntilAsync(() => provider.HasCatalogVocabulary);
        dependencies.VocabularyCalls.Should().Be(1);

        dependencies.Epoch = 2;
        await UntilAsync(() => Volatile.Read(ref dependencies.VocabularyCalls) == 2);

        await refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_metadata_service_that_is_down_at_start_is_asked_again_until_it_answers()
    {
        var dependencies = new FakeDependencies { DetailsDown = true };
        var provider = new VocabularyProvider();
        using var refresher = new VocabularyRefresher(dependencies, dependencies, provider, NullLogger<VocabularyRefresher>.Instance);

        await refresher.StartAsync(CancellationToken.None);
        provider.HasCatalogVocabulary.Should().BeFalse();
        dependencies.DetailsDown = false;
        await UntilAsync(() => provider.HasCatalogVocabulary);

        await refresher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task After_failed_fetches_a_moved_epoch_is_fetched_at_once_not_after_the_grown_backoff()
    {
        var dependencies = new FakeDependencies { DetailsDown = true, Epoch = 1 };
        var provider = new VocabularyProvider();
        using var refresher = new VocabularyRefresher(dependencies, dependencies, provider, NullLogger<VocabularyRefresher>.Instance);

        await refresher.StartAsync(CancellationToken.None);
        // Failures at 0, 1 and 3 s: the next retry would come 4 s after the third.
        await UntilAsync(() => Volatile.Read(ref dependencies.VocabularyCalls) == 3);
        dependencies.DetailsDown = false;
        dependencies.Epoch = 2;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await UntilAsync(() => provider.HasCatalogVocabulary);

        waited.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(3), "the moved epoch ends the 4 s backoff");
        await refresher.StopAsync(CancellationToken.None);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the refresher should have fetched by now");
            await Task.Delay(20);
        }
    }
}
