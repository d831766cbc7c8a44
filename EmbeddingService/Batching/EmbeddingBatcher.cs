using System.Diagnostics;
using System.Threading.Channels;
using FitnessAssistant.EmbeddingService.Encoder;
using Microsoft.Extensions.Options;

namespace FitnessAssistant.EmbeddingService.Batching;

/// <summary>
/// Dynamic batching: requests from any number of callers queue here, and one worker thread coalesces them into
/// model runs of up to <see cref="EmbeddingOptions.MaxBatchSize"/> texts. One run of n texts costs far less than n
/// runs of one, and the two cores serve one run at a time instead of contending.
/// </summary>
/// <remarks>
/// <para>Admission comes first (<see cref="Admit"/>): the queue is bounded in texts, and a request that does not fit
/// is refused at once (<see cref="EmbeddingQueueFullException"/>), before any work is spent on it, rather than
/// waiting behind work it cannot beat.</para>
/// <para>The wait bound (<see cref="EmbeddingOptions.MaxBatchDelayMilliseconds"/>) is spent only while admitted
/// requests are still on their way in (being tokenized): a lone request runs at once, and requests arriving
/// together still share a run. Under sustained load the worker never waits: requests queue during a run and the
/// next run takes them all.</para>
/// </remarks>
public sealed partial class EmbeddingBatcher : IHostedService, IDisposable
{
    private readonly EmbeddingMetrics metrics;
    private readonly ILogger<EmbeddingBatcher> logger;
    private readonly int maxBatchSize;
    private readonly long maxDelayTicks;
    private readonly int capacity;
    private readonly Channel<PendingRequest> queue = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stopping = new();
    private readonly Thread worker;
    private int queuedTexts;
    private int arriving;

    public EmbeddingBatcher(IOptions<EmbeddingOptions> options, EmbeddingMetrics metrics, ILogger<EmbeddingBatcher> logger)
    {
        this.metrics = metrics;
        this.logger = logger;
        maxBatchSize = options.Value.MaxBatchSize;
        maxDelayTicks = (long)(options.Value.MaxBatchDelayMilliseconds * Stopwatch.Frequency / 1000);
        capacity = options.Value.QueueCapacity;
        metrics.ObserveQueueDepth(() => Volatile.Read(ref queuedTexts));
        // A dedicated thread: a model run blocks for milliseconds, which would starve the small thread pool.
        worker = new Thread(Work) { IsBackground = true, Name = "embedding-batcher" };
    }

    /// <summary>Texts waiting for a run.</summary>
    public int QueuedTexts => Volatile.Read(ref queuedTexts);

    /// <summary>False once the worker has stopped (shut down, or failed).</summary>
    public bool IsRunning => worker.IsAlive;

    /// <summary>
    /// Reserves room in the queue for <paramref name="textCount"/> texts; the ticket then submits them. Disposing a
    /// ticket that was not used gives the room back.
    /// </summary>
    /// <exception cref="EmbeddingQueueFullException">The queue has no room for these texts.</exception>
    public EmbeddingTicket Admit(int textCount)
    {
        ObjectDisposedException.ThrowIf(stopping.IsCancellationRequested, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(textCount);
        var queued = Interlocked.Add(ref queuedTexts, textCount);
        if (queued > capacity)
        {
            Interlocked.Add(ref queuedTexts, -textCount);
            metrics.Rejected.Add(1);
            throw new EmbeddingQueueFullException(queued - textCount, capacity);
        }
        Interlocked.Increment(ref arriving);
        return new EmbeddingTicket(this, textCount);
    }

    /// <summary>Admits and submits <paramref name="texts"/>; the vectors come back in the same order.</summary>
    /// <exception cref="EmbeddingQueueFullException">The queue has no room for these texts.</exception>
    /// <exception cref="OperationCanceledException">Cancelled before its run started.</exception>
    public async Task<IReadOnlyList<TextEmbedding>> EmbedAsync(SentenceEncoder encoder, IReadOnlyList<TokenizedText> texts, CancellationToken cancellationToken)
    {
        using var ticket = Admit(texts.Count);
        return await ticket.EmbedAsync(encoder, texts, cancellationToken);
    }

    internal Task<IReadOnlyList<TextEmbedding>> Submit(SentenceEncoder encoder, IReadOnlyList<TokenizedText> texts, CancellationToken cancellationToken)
    {
        var request = new PendingRequest(encoder, texts, cancellationToken);
        var written = queue.Writer.TryWrite(request);
        Interlocked.Decrement(ref arriving);
        if (!written)
        {
            Interlocked.Add(ref queuedTexts, -texts.Count);
            throw new ObjectDisposedException(nameof(EmbeddingBatcher), "The embedding service is shutting down.");
        }
        return request.Completion;
    }

    internal void Release(int textCount)
    {
        Interlocked.Add(ref queuedTexts, -textCount);
        Interlocked.Decrement(ref arriving);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        worker.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Stop();
        stopping.Dispose();
    }

    private void Stop()
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }
        queue.Writer.TryComplete();
        stopping.Cancel();
        if (worker.IsAlive)
        {
            worker.Join();
        }
        // Whatever is still queued will never run.
        while (queue.Reader.TryRead(out var request))
        {
            request.Fail(new ObjectDisposedException(nameof(EmbeddingBatcher), "The embedding service is shutting down."));
        }
    }

    private void Work()
    {
        var batch = new List<PendingRequest>();
        var reader = queue.Reader;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!reader.TryPeek(out _) && !reader.WaitToReadAsync(stopping.Token).AsTask().GetAwaiter().GetResult())
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            batch.Clear();
            var texts = 0;
            var deadline = Stopwatch.GetTimestamp() + maxDelayTicks;
            while (texts < maxBatchSize && !stopping.IsCancellationRequested)
            {
                if (reader.TryPeek(out var next))
                {
                    // One run is one model: a request for another model waits for the next run.
                    if (texts > 0 && (texts + next.Texts.Count > maxBatchSize || next.Encoder != batch[0].Encoder))
                    {
                        break;
                    }
                    reader.TryRead(out _);
                    Interlocked.Add(ref queuedTexts, -next.Texts.Count);
                    if (next.IsCancelled)
                    {
                        next.Cancel();
                        continue;
                    }
                    batch.Add(next);
                    texts += next.Texts.Count;
                    continue;
                }
                var remaining = deadline - Stopwatch.GetTimestamp();
                if (Volatile.Read(ref arriving) == 0 || remaining <= 0
                    || !reader.WaitToReadAsync().AsTask().Wait(TimeSpan.FromTicks(remaining * TimeSpan.TicksPerSecond / Stopwatch.Frequency)))
                {
                    break;
                }
            }
            if (batch.Count > 0)
            {
                Execute(batch, texts);
            }
        }
    }

    private void Execute(List<PendingRequest> batch, int textCount)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var request in batch)
        {
            metrics.QueueWait.Record(Stopwatch.GetElapsedTime(request.EnqueuedAt, started).TotalSeconds);
        }
        var texts = new List<TokenizedText>(textCount);
        foreach (var request in batch)
        {
            texts.AddRange(request.Texts);
        }
        try
        {
            var embeddings = batch[0].Encoder.Embed(texts);
            // Counted before any caller resumes, so whoever sees a result also sees its run in the metrics.
            RecordRun(textCount, started);
            var offset = 0;
            foreach (var request in batch)
            {
                request.Complete(embeddings.Skip(offset).Take(request.Texts.Count).ToList());
                offset += request.Texts.Count;
            }
        }
        catch (Exception exception)
        {
            RecordRun(textCount, started);
            LogRunFailed(logger, exception, batch.Count, textCount);
            foreach (var request in batch)
            {
                request.Fail(exception);
            }
        }
    }

    private void RecordRun(int textCount, long started)
    {
        metrics.BatchSize.Record(textCount);
        metrics.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding run of {Requests} requests ({Texts} texts) failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, int requests, int texts);

    private sealed class PendingRequest
    {
        private readonly TaskCompletionSource<IReadOnlyList<TextEmbedding>> completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationToken cancellationToken;
        private readonly CancellationTokenRegistration registration;

        public PendingRequest(SentenceEncoder encoder, IReadOnlyList<TokenizedText> texts, CancellationToken cancellationToken)
        {
            Encoder = encoder;
            Texts = texts;
            this.cancellationToken = cancellationToken;
            EnqueuedAt = Stopwatch.GetTimestamp();
            // The caller stops waiting at once; the worker drops the request when it reaches it.
            registration = cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        }

        public SentenceEncoder Encoder { get; }

        public IReadOnlyList<TokenizedText> Texts { get; }

        public long EnqueuedAt { get; }

        public Task<IReadOnlyList<TextEmbedding>> Completion => completion.Task;

        public bool IsCancelled => cancellationToken.IsCancellationRequested;

        public void Complete(IReadOnlyList<TextEmbedding> embeddings)
        {
            registration.Dispose();
            completion.TrySetResult(embeddings);
        }

        public void Cancel()
        {
            registration.Dispose();
            completion.TrySetCanceled(cancellationToken);
        }

        public void Fail(Exception exception)
        {
            registration.Dispose();
            completion.TrySetException(exception);
        }
    }
}
