using System.Collections.Concurrent;
using FitnessAssistant.SearchService.Retrieval;
using FitnessAssistant.ServiceDefaults;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace FitnessAssistant.SearchService.Resilience;

/// <summary>
/// Runs calls to a dependency under its deadline and its circuit breaker (one per dependency, shared by every
/// request of the process). Whatever goes wrong (an error, the deadline, an open circuit) comes out as
/// <see cref="DependencyUnavailableException"/>, so callers degrade in one place; a caller that gave up
/// itself (client gone) still sees its cancellation, and that does not count against the dependency. Nor does a
/// deadline missed while this process itself ran late (<see cref="SchedulingLag"/>): under overload the caller's
/// own queueing would otherwise open every breaker and turn shedding into a cascade of degraded answers.
/// </summary>
public sealed class DependencyGuard
{
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.Ordinal);
    private readonly ResilienceOptions _options;
    private readonly SchedulingLag _lag;
    private readonly ILogger<DependencyGuard> _logger;

    public DependencyGuard(IOptions<ResilienceOptions> options, SearchMetrics metrics, SchedulingLag lag, ILogger<DependencyGuard> logger)
    {
        _options = options.Value;
        _lag = lag;
        _logger = logger;
        metrics.ObserveBreakers(() => _breakers.Select(b => (b.Key, b.Value.State)));
    }

    public ResilienceOptions Options => _options;

    public async Task<T> ExecuteAsync<T>(string dependency, TimeSpan deadline, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var breaker = _breakers.GetOrAdd(dependency, Create);
        try
        {
            return await breaker.Pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(state.deadline);
                    try
                    {
                        return await state.call(timeout.Token).WaitAsync(timeout.Token);
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
                    {
                        var lag = state.guard._lag.Recent;
                        throw lag >= state.deadline * state.guard._options.LocalLagShare
                            ? new LocalOverloadException($"The {state.deadline.TotalMilliseconds:0} ms deadline passed while this process ran {lag.TotalMilliseconds:0} ms late.")
                            : new TimeoutRejectedException($"The {state.deadline.TotalMilliseconds:0} ms deadline passed.");
                    }
                },
                (call, deadline, guard: this),
                cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException ex)
        {
            throw new DependencyUnavailableException(dependency, "circuit open", ex, ex.RetryAfter ?? _options.RetryAfter);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or LocalOverloadException)
        {
            throw new DependencyUnavailableException(dependency, ex.Message, ex, _options.RetryAfter);
        }
        catch (DependencyUnavailableException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new DependencyUnavailableException(dependency, ex.Message, ex, _options.RetryAfter);
        }
    }

    public async Task ExecuteAsync(string dependency, TimeSpan deadline, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
        => await ExecuteAsync(dependency, deadline, async token =>
        {
            await call(token);
            return true;
        }, cancellationToken);

    /// <summary>Whether calls to the dependency are currently being skipped.</summary>
    public bool IsOpen(string dependency)
        => _breakers.TryGetValue(dependency, out var breaker) && breaker.State == CircuitState.Open;

    private Breaker Create(string dependency)
    {
        var stateProvider = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerDuration,
                StateProvider = stateProvider,
                // The caller giving up, or running late itself, is not the dependency failing.
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not (OperationCanceledException or LocalOverloadException)),
                OnOpened = args =>
                {
                    _logger.LogWarning("Circuit for {Dependency} opened for {BreakDuration}: {Reason}",
                        dependency, args.BreakDuration, args.Outcome.Exception?.Message);
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    _logger.LogInformation("Circuit for {Dependency} half-open: probing", dependency);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    _logger.LogInformation("Circuit for {Dependency} closed", dependency);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        return new Breaker(pipeline, stateProvider);
    }

    /// <summary>A deadline missed because this process ran late: degrades the answer, but is not the dependency's failure.</summary>
    private sealed class LocalOverloadException(string message) : Exception(message);

    private sealed record Breaker(ResiliencePipeline Pipeline, CircuitBreakerStateProvider StateProvider)
    {
        public CircuitState State => StateProvider.CircuitState;
    }
}
