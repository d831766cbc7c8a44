using System.Diagnostics.Metrics;
using FitnessAssistant.EmbeddingService.Batching;
using FitnessAssistant.EmbeddingService.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.EmbeddingService.Tests.Batching;

/// <summary>The dynamic batcher on the real encoder.</summary>
[Collection(ReferenceCollection.Name)]
public sealed class EmbeddingBatcherTests(ReferenceFixture fixture) : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<int> _batchSizes = [];
    private MeterListener? _listener;

    [Fact]
    public async Task Requests_admitted_together_share_a_run()
    {
        using var batcher = Create(new EmbeddingOptions { MaxBatchSize = 32, MaxBatchDelayMilliseconds = 10_000 });
        await batcher.StartAsync(default);
        var texts = Enumerable.Range(0, 12).Select(i => $"exercise {i} for strong legs").ToList();
        // Admitted first, submitted one by one (as the gRPC handler does around tokenizing): the worker waits for
        // every admitted request before it runs.
        var tickets = texts.Select(_ => batcher.Admit(1)).ToList();

        var results = await Task.WhenAll(texts.Select((text, i) => tickets[i].EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize(text)], default)));

        lock (_batchSizes)
        {
            _batchSizes.Should().Equal(12);
        }
        var alone = fixture.Encoder.Embed(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            results[i].Should().ContainSingle().Which.Vector.Should().Equal(alone[i].Vector, (a, b) => Math.Abs(a - b) < 1e-5);
        }
    }

    [Fact]
    public async Task A_lone_request_does_not_wait_for_the_bound()
    {
        using var batcher = Create(new EmbeddingOptions { MaxBatchDelayMilliseconds = 1000 * 60 * 10 });
        await batcher.StartAsync(default);

        var embed = () => batcher.EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize("squat")], default).WaitAsync(TimeSpan.FromMinutes(2));

        (await embed.Should().NotThrowAsync()).Subject.Should().ContainSingle("nothing else was admitted, so the run starts at once, not after 10 minutes");
    }

    [Fact]
    public async Task An_unused_ticket_gives_its_room_back()
    {
        using var batcher = Create(new EmbeddingOptions { QueueCapacity = 4, MaxTextsPerRequest = 4 });
        using (batcher.Admit(4))
        {
            batcher.Invoking(b => b.Admit(1)).Should().Throw<EmbeddingQueueFullException>();
        }

        batcher.QueuedTexts.Should().Be(0);
        batcher.Admit(4).Dispose();
    }

    [Fact]
    public async Task A_run_is_not_filled_beyond_the_batch_size_by_other_requests()
    {
        using var batcher = Create(new EmbeddingOptions { MaxBatchSize = 4, MaxBatchDelayMilliseconds = 50 });
        var requests = Enumerable.Range(0, 5).Select(i => batcher.EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize($"text {i}"), fixture.Encoder.Tokenize($"more {i}")], default)).ToList();

        await batcher.StartAsync(default);
        await Task.WhenAll(requests);

        lock (_batchSizes)
        {
            _batchSizes.Should().OnlyContain(size => size <= 4).And.HaveCount(3);
        }
    }

    [Fact]
    public async Task A_full_queue_refuses_at_once_and_accepts_again_once_drained()
    {
        using var batcher = Create(new EmbeddingOptions { QueueCapacity = 8, MaxTextsPerRequest = 8 });
        var five = Enumerable.Range(0, 5).Select(i => fixture.Encoder.Tokenize($"text {i}")).ToList();
        var first = batcher.EmbedAsync(fixture.Encoder, five, default); // the worker is not running yet: it stays queued

        var refused = () => batcher.EmbedAsync(fixture.Encoder, five, default);

        await refused.Should().ThrowAsync<EmbeddingQueueFullException>().WithMessage("*5 of 8 texts waiting*");
        batcher.QueuedTexts.Should().Be(5);
        await batcher.StartAsync(default);
        (await first).Should().HaveCount(5);
        (await batcher.EmbedAsync(fixture.Encoder, five, default)).Should().HaveCount(5);
        batcher.QueuedTexts.Should().Be(0);
    }

    [Fact]
    public async Task A_request_cancelled_while_queued_stops_waiting_and_is_not_run()
    {
        using var batcher = Create(new EmbeddingOptions());
        using var cancellation = new CancellationTokenSource();
        var pending = batcher.EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize("squat")], cancellation.Token);

        await cancellation.CancelAsync();

        await pending.Invoking(task => task).Should().ThrowAsync<OperationCanceledException>();
        await batcher.StartAsync(default);
        (await batcher.EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize("lunge")], default)).Should().ContainSingle();
        lock (_batchSizes)
        {
            _batchSizes.Should().Equal(1);
        }
    }

    [Fact]
    public async Task Requests_still_queued_at_shutdown_fail_instead_of_hanging()
    {
        var batcher = Create(new EmbeddingOptions());
        var pending = batcher.EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize("squat")], default);

        batcher.Dispose();

        await pending.Invoking(task => task).Should().ThrowAsync<ObjectDisposedException>();
        await FluentActions.Invoking(() => batcher.EmbedAsync(fixture.Encoder, [fixture.Encoder.Tokenize("squat")], default)).Should().ThrowAsync<ObjectDisposedException>();
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _services.Dispose();
    }

    private EmbeddingBatcher Create(EmbeddingOptions options)
    {
        var metrics = new EmbeddingMetrics(_services.GetRequiredService<IMeterFactory>());
        _listener = new MeterListener();
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter && instrument.Name == "fitness.embedding.batch_size")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            lock (_batchSizes)
            {
                _batchSizes.Add(size);
            }
        });
        _listener.Start();
        return new EmbeddingBatcher(Options.Create(options), metrics, NullLogger<EmbeddingBatcher>.Instance);
    }
}
