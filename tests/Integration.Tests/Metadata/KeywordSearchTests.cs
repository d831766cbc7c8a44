using System.Net;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Metadata;

[Collection(SystemCollection.Name)]
public sealed class KeywordSearchTests(SystemFixture system)
{
    [Fact]
    public async Task Typos_and_split_words_find_the_exercise_people_mean_on_the_imported_catalog()
    {
        using var http = await ImportedCatalogAsync();

        var typo = await EventuallyAsync(http, "hamstrng strech", result => Ids(result).Take(5).Contains("Hamstring_Stretch"));
        typo["corrections"]!["hamstrng"]!.GetValue<string>().Should().Be("hamstring");
        typo["corrections"]!["strech"]!.GetValue<string>().Should().Be("stretch");
        var top = typo["results"]!.AsArray()[0]!;
        top["matchedTerms"]!.AsArray().Select(t => t!.GetValue<string>()).Should().BeEquivalentTo(["hamstring", "stretch"]);
        Ids(typo).Take(5).Should().AllSatisfy(id => id.Should().Contain("Hamstring"));

        var pressUps = await SearchAsync(http, "press ups");
        Ids(pressUps).Take(3).Should().Contain("Pushups", "the starter catalog's alias press-up survives the import");
        Ids(pressUps).Take(10).Count(id => id.Contains("Push", StringComparison.OrdinalIgnoreCase)).Should().BeGreaterThanOrEqualTo(5);

        var dumbell = await SearchAsync(http, "dumbell curl");
        Ids(dumbell).Take(10).Should().AllSatisfy(id => id.Should().ContainAny("Curl", "curl"));
    }

    [Fact]
    public async Task Filters_are_honoured_and_scores_are_ranked()
    {
        using var http = await ImportedCatalogAsync();
        var result = await SearchAsync(http, "curl", "&equipment=cable&level=beginner,intermediate&limit=50");
        var hits = result["results"]!.AsArray();
        hits.Should().NotBeEmpty();
        hits.Select(h => h!["score"]!.GetValue<double>()).Should().BeInDescendingOrder();
        foreach (var id in Ids(result))
        {
            var exercise = await (await http.GetAsync($"/api/v1/exercises/{id}")).ReadObjectAsync();
            exercise["equipment"]!.GetValue<string>().Should().Be("cable");
            exercise["level"]!.GetValue<string>().Should().BeOneOf("beginner", "intermediate");
        }

        (await http.GetAsync("/api/v1/exercises/search?q=")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetAsync("/api/v1/exercises/search?q=curl&muscle=wings")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var stopWords = await SearchAsync(http, "the of and");
        stopWords["results"]!.AsArray().Should().BeEmpty();
    }

    private async Task<HttpClient> ImportedCatalogAsync()
    {
        var http = await MetadataApi.ClientAsync(system);
        var summary = await MetadataApi.ImportAsync(http, await File.ReadAllTextAsync(MetadataApi.FreeExerciseDb));
        summary.GetProperty("rejected").GetInt32().Should().Be(0);
        return http;
    }

    private static async Task<JsonObject> SearchAsync(HttpClient http, string q, string extra = "")
    {
        using var response = await http.GetAsync($"/api/v1/exercises/search?q={Uri.EscapeDataString(q)}{extra}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.ReadObjectAsync();
    }

    /// <summary>Searches until <paramref name="done"/> holds: the typo lexicon is refreshed a moment after an import commits.</summary>
    private static async Task<JsonObject> EventuallyAsync(HttpClient http, string q, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var result = await SearchAsync(http, q);
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }
            await Task.Delay(200);
        }
    }

    private static IEnumerable<string> Ids(JsonObject result) => result["results"]!.AsArray().Select(h => h!["id"]!.GetValue<string>());
}
