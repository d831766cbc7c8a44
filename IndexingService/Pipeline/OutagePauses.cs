using FitnessAssistant.ServiceDefaults;

namespace FitnessAssistant.IndexingService.Pipeline;

/// <summary>
/// Runs a step of a long job again after a pause (doubling up to a cap) for as long as a dependency is unavailable,
/// so the job keeps its progress through an outage instead of failing.
/// </summary>
public sealed class OutagePauses(TimeSpan firstPause, TimeSpan maxPause, TimeProvider time)
{
    /// <param name="onPause">Told which dependency is down, why, and how long the pause is, before it starts.</param>
    /// <param name="onResumed">Told when a step succeeded (after a pause or not).</param>
    public async Task<T> RunAsync<T>(
        Func<Task<T>> step, Func<string, Exception, TimeSpan, Task> onPause, Action onResumed, CancellationToken cancellationToken)
    {
        var pause = firstPause;
        while (true)
        {
            try
            {
                var result = await step();
                onResumed();
                return result;
            }
            catch (Exception ex) when (UnavailableDependency(ex) is { } dependency)
            {
                await onPause(dependency, ex, pause);
                await Task.Delay(pause, time, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, maxPause.Ticks));
            }
        }
    }

    /// <summary>The dependency that failed if <paramref name="exception"/> is an outage (worth waiting for), else null.</summary>
    public static string? UnavailableDependency(Exception exception) => exception switch
    {
        DependencyUnavailableException unavailable => unavailable.Dependency,
        Npgsql.NpgsqlException npgsql when npgsql is not Npgsql.PostgresException || npgsql.IsTransient => "vectordb",
        _ => null,
    };
}
