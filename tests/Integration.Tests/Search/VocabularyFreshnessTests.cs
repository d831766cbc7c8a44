using System.Diagnostics;
using System.Net;
using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.IntegrationTests.Metadata;
using Xunit.Abstractions;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>
/// The query-understanding vocabulary follows catalog changes through the real
/// gateway, metadata, RabbitMQ, indexing and both search replicas: a made-up word becomes a word search corrects
/// towards once its exercise exists, stops being one once that exercise is deleted, and a new exercise named with
/// a word one letter away is found by its exact name instead of being "corrected" into the deleted one's.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class VocabularyFreshnessTests(SystemFixture system, ITestOutputHelper output)
{
    /// <summary>
    /// How long a change may take before the test calls it lost. SLO-F1 (searchable within 5 s, p99) is measured by
    /// Indexing.Benchmarks, not here: on a loaded machine one slow pass says nothing about the p99, only a change that
    /// never arrives is a defect.
    /// </summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    private const string AdminPath = "/api/v1/admin/exercises";

    [Fact]
    public async Task A_new_exercise_is_found_by_its_exact_name_not_corrected_into_a_deleted_exercises_word()
    {
        await SearchSystem.EnsureReadyAsync(system);
        var admin = system.GatewayCredentials.MintToken("ops", ["admin"], TimeSpan.FromMinutes(10), plan: "developer");
        var older = MadeUpWord();
        var newer = older[..^1] + (older[^1] == 'x' ? 'z' : 'x');
        var olderId = MetadataApi.UniqueId("vocab-older");
        var newerId = MetadataApi.UniqueId("vocab-newer");
        var query = $"q={newer}%20lift";

        // The older exercise's word becomes known: the newer word, one letter away, is corrected to it.
        var etag = await CreateAsync(admin, olderId, $"{older} Lift");
        var learned = await SearchWithinTargetAsync(query, reply => Corrections(reply).Contains((newer, older)));
        Corrections(learned).Should().Contain((newer, older), $"'{older}' is a catalog word once its exercise exists");

        // The older exercise is deleted and the newer one created: its exact name finds it, uncorrected.
        using (var deleted = await SendAsync(system.Endpoint("gateway"), HttpMethod.Delete, $"{AdminPath}/{olderId}", bearer: admin,
                   configure: request => request.Headers.TryAddWithoutValidation("If-Match", etag)))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        await CreateAsync(admin, newerId, $"{newer} Lift");
        var found = await SearchWithinTargetAsync(query, reply => Corrections(reply).Count == 0 && reply.Ids.FirstOrDefault() == newerId);
        Corrections(found).Should().BeEmpty($"'{newer}' is a catalog word and '{older}' no longer is: {found.Text}");
        found.Ids.Should().StartWith([newerId]);
    }

    /// <summary>Eight letters no dictionary has, consonant-vowel so that it reads like a word.</summary>
    private static string MadeUpWord()
    {
        const string Consonants = "bdfgklmnprstvz";
        const string Vowels = "aeiou";
        return string.Concat(Enumerable.Range(0, 8).Select(i =>
            i % 2 == 0 ? Consonants[Random.Shared.Next(Consonants.Length)] : Vowels[Random.Shared.Next(Vowels.Length)]));
    }

    private async Task<string> CreateAsync(string admin, string id, string name)
    {
        using var response = await SendAsync(system.Endpoint("gateway"), HttpMethod.Post, AdminPath, bearer: admin,
            configure: request => request.Content = MetadataApi.Json(MetadataApi.Exercise(id, name)));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    /// <summary>Searches until <paramref name="accept"/> holds or <see cref="GiveUpAfter"/> has passed since the write's answer.</summary>
    private async Task<SearchReply> SearchWithinTargetAsync(string query, Func<SearchReply, bool> accept)
    {
        var since = Stopwatch.StartNew();
        while (true)
        {
            var reply = await SearchSystem.SearchAsync(system, query);
            reply.Status.Should().Be(HttpStatusCode.OK, reply.Text);
            if (accept(reply) || since.Elapsed > GiveUpAfter)
            {
                output.WriteLine($"vocabulary freshness: '{query}' settled after {since.ElapsedMilliseconds} ms");
                return reply;
            }
            await Task.Delay(100);
        }
    }

    private static List<(string From, string To)> Corrections(SearchReply reply)
        => [.. reply.Body.GetProperty("query").GetProperty("corrections").EnumerateArray()
            .Select(c => (c.GetProperty("from").GetString()!, c.GetProperty("to").GetString()!))];
}
