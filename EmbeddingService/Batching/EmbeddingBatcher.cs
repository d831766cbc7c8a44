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
    private readonly EmbeddingMetrics _metrics;
    private readonly ILogger<EmbeddingBatcher> _logger;
    private readonly int _maxBatchSize;
    private readonly long _maxDelayTicks;
    private readonly int _capacity;
    private readonly Channel<PendingRequest> _queue = Channel.CreateUnbounded<PendingRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _worker;
    private int _queuedTexts;
    private int _arriving;

    public EmbeddingBatcher(IOptions<EmbeddingOptions> options, EmbeddingMetrics metrics, ILogger<EmbeddingBatcher> logger)
    {
        _metrics = metrics;
        _logger = logger;
        _maxBatchSize = options.Value.MaxBatchSize;
        _maxDelayTicks = (long)(options.Value.MaxBatchDelayMilliseconds * Stopwatch.Frequency / 1000);
        _capacity = options.Value.QueueCapacity;
        metrics.ObserveQueueDepth(() => Volatile.Read(ref _queuedTexts));
        // A dedicated thread: a model run blocks for milliseconds, which would starve the small thread pool.
        _worker = new Thread(Work) { IsBackground = true, Name = "embedding-batcher" };
    }

    /// <summary>Texts waiting for a run.</summary>
    public int QueuedTexts => Volatile.Read(ref _queuedTexts);

    /// <summary>False once the worker has stopped (shut down, or failed).</summary>
    public bool IsRunning => _worker.IsAlive;

    /// <summary>
    /// Reserves room in the queue for <paramref name="textCount"/> texts; the ticket then submits them. Disposing a
    /// ticket that was not used gives the room back.
    /// </summary>
    /// <exception cref="EmbeddingQueueFullException">The queue has no room for these texts.</exception>
    public EmbeddingTicket Admit(int textCount)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(textCount);
        var queued = Interlocked.Add(ref _queuedTexts, textCount);
        if (queued > _capacity)
        {
            Interlocked.Add(ref _queuedTexts, -textCount);
            _metrics.Rejected.Add(1);
            throw new EmbeddingQueueFullException(queued - textCount, _capacity);
        }
        Interlocked.Increment(ref _arriving);
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
        var written = _queue.Writer.TryWrite(request);
        Interlocked.Decrement(ref _arriving);
        if (!written)
        {
            Interlocked.Add(ref _queuedTexts, -texts.Count);
            throw new ObjectDisposedException(nameof(EmbeddingBatcher), "The embedding service is shutting down.");
        }
        return request.Completion;
    }

    internal void Release(int textCount)
    {
        Interlocked.Add(ref _queuedTexts, -textCount);
        Interlocked.Decrement(ref _arriving);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _worker.Start();
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
        _stopping.Dispose();
    }

    private void Stop()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        if (_worker.IsAlive)
        {
            _worker.Join();
        }
        // Whatever is still queued will never run.
        while (_queue.Reader.TryRead(out var request))
        {
            request.Fail(new ObjectDisposedException(nameof(EmbeddingBatcher), "The embedding service is shutting down."));
        }
    }

    private void Work()
    {
        var batch = new List<PendingRequest>();
        var reader = _queue.Reader;
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (!reader.TryPeek(out _) && !reader.WaitToReadAsync(_stopping.Token).AsTask().GetAwaiter().GetResult())
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
            var deadline = Stopwatch.GetTimestamp() + _maxDelayTicks;
            while (texts < _maxBatchSize && !_stopping.IsCancellationRequested)
            {
                if (reader.TryPeek(out var next))
                {
                    // One run is one model: a request for another model waits for the next run.
                    if (texts > 0 && (texts + next.Texts.Count > _maxBatchSize || next.Encoder != batch[0].Encoder))
                    {
                        break;
                    }
                    reader.TryRead(out _);
                    Interlocked.Add(ref _queuedTexts, -next.Texts.Count);
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
                if (Volatile.Read(ref _arriving) == 0 || remaining <= 0
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
            _metrics.QueueWait.Record(Stopwatch.GetElapsedTime(request.EnqueuedAt, started).TotalSeconds);
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
            LogRunFailed(_logger, exception, batch.Count, textCount);
            foreach (var request in batch)
            {
                request.Fail(exception);
            }
        }
    }

    private void RecordRun(int textCount, long started)
    {
        _metrics.BatchSize.Record(textCount);
        _metrics.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Embedding run of {Requests} requests ({Texts} texts) failed")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, int requests, int texts);

    private sealed class PendingRequest
    {
        private readonly TaskCompletionSource<IReadOnlyList<TextEmbedding>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationToken _cancellationToken;
        private readonly CancellationTokenRegistration _registration;

        public PendingRequest(SentenceEncoder encoder, IReadOnlyList<TokenizedText> texts, CancellationToken cancellationToken)
        {
            Encoder = encoder;
            Texts = texts;
            _cancellationToken = cancellationToken;
            EnqueuedAt = Stopwatch.GetTimestamp();
            // The caller stops waiting at once; the worker drops the request when it reaches it.
            _registration = cancellationToken.Register(() => _completion.TrySetCanceled(cancellationToken));
        }

        public SentenceEncoder Encoder { get; }

        public IReadOnlyList<TokenizedText> Texts { get; }

        public long EnqueuedAt { get; }

        public Task<IReadOnlyList<TextEmbedding>> Completion => _completion.Task;

        public bool IsCancelled => _cancellationToken.IsCancellationRequested;

        public void Complete(IReadOnlyList<TextEmbedding> embeddings)
        {
            _registration.Dispose();
            _completion.TrySetResult(embeddings);
        }

        public void Cancel()
        {
            _registration.Dispose();
            _completion.TrySetCanceled(_cancellationToken);
        }

        public void Fail(Exception exception)
        {
            _registration.Dispose();
            _completion.TrySetException(exception);
        }
    }
}
