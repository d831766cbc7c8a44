using FitnessAssistant.Grpc.Benchmarks.Protos;
using Grpc.Core;

namespace FitnessAssistant.Grpc.Benchmarks;

/// <summary>The one method both transports serve; the work is the same, only the wire differs.</summary>
public static class SearchMethod
{
    public sealed record JsonRequest(string Query, int Limit);

    public sealed record JsonHit(string Id, string Name, float Score);

    public sealed record JsonReply(IReadOnlyList<JsonHit> Hits);

    public sealed class GrpcService : BenchService.BenchServiceBase
    {
        public override Task<SearchReply> Search(SearchRequest request, ServerCallContext context)
        {
            var reply = new SearchReply();
            reply.Hits.AddRange(Hits(request.Query, request.Limit).Select(h => new Hit { Id = h.Id, Name = h.Name, Score = h.Score }));
            return Task.FromResult(reply);
        }
    }

    public static JsonReply Json(JsonRequest request) => new(Hits(request.Query, request.Limit).ToList());

    private static IEnumerable<JsonHit> Hits(string query, int limit)
        => Enumerable.Range(0, Math.Clamp(limit, 0, 100))
            .Select(i => new JsonHit($"exercise-{i:D4}", $"{query} variation {i}", 1f / (i + 1)));
}
