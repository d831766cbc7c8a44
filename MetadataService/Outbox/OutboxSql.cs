using System.Diagnostics;

namespace FitnessAssistant.MetadataService.Outbox;

/// <summary>
/// The outbox half of a catalog write. Each write statement is one SQL statement whose data-modifying CTE
/// (<c>written</c>) feeds this INSERT, so the change and its event commit together or not at all, and the event's
/// position is taken after the row lock: two writes to one exercise get positions in commit order.
/// </summary>
public static class OutboxSql
{
    /// <summary>A CTE named <c>event</c> inserting one event per row of the <c>written</c> CTE (columns slug, row_version).</summary>
    public static string EventCte(string eventType) => $"""
        event AS (
            INSERT INTO outbox (event_id, event_type, exercise_id, row_version, traceparent, tracestate)
            SELECT gen_random_uuid(), '{eventType}', written.slug, written.row_version, @Traceparent, @Tracestate
            FROM written
        )
        """;

    /// <summary>The trace the write belongs to, carried to consumers in the message headers.</summary>
    public static (string? Traceparent, string? Tracestate) CurrentTraceContext()
    {
        var activity = Activity.Current;
        return activity is { IdFormat: ActivityIdFormat.W3C } ? (activity.Id, activity.TraceStateString) : (null, null);
    }
}
