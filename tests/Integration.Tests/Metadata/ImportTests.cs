using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Metadata;

[Collection(SystemCollection.Name)]
public sealed class ImportTests(SystemFixture system)
{
    [Fact]
    public async Task The_free_exercise_db_file_imports_completely_and_a_second_import_changes_nothing()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var file = await File.ReadAllTextAsync(MetadataApi.FreeExerciseDb);
        var source = JsonNode.Parse(file)!.AsArray();
        source.Should().HaveCount(873);

        var first = await MetadataApi.ImportAsync(http, file);
        first.GetProperty("rejected").GetInt32().Should().Be(0, first.ToString());
        (first.GetProperty("created").GetInt32() + first.GetProperty("updated").GetInt32() + first.GetProperty("unchanged").GetInt32()).Should().Be(873);

        var second = await MetadataApi.ImportAsync(http, file);
        second.GetProperty("unchanged").GetInt32().Should().Be(873);
        second.GetProperty("created").GetInt32().Should().Be(0);
        second.GetProperty("updated").GetInt32().Should().Be(0);

        // The source id is the public id; facts come across; a starter exercise keeps our description and aliases.
        var sample = source.First(e => e!["id"]!.GetValue<string>() == "Barbell_Deadlift")!;
        var stored = await (await http.GetAsync("/api/v1/exercises/Barbell_Deadlift")).ReadObjectAsync();
        stored["name"]!.GetValue<string>().Should().Be(sample["name"]!.GetValue<string>());
        stored["instructions"]!.AsArray().Should().HaveCount(sample["instructions"]!.AsArray().Count);
        stored["primaryMuscles"]!.ToJsonString().Should().Be(sample["primaryMuscles"]!.ToJsonString());
        stored["aliases"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Contain("conventional deadlift");
        stored["description"]!.GetValue<string>().Should().NotBeNullOrEmpty();

        var facets = await (await http.GetAsync("/api/v1/exercises/facets")).ReadObjectAsync();
        facets["total"]!.GetValue<long>().Should().BeGreaterThanOrEqualTo(873);
    }

    [Fact]
    public async Task Broken_records_are_reported_one_by_one_and_the_valid_ones_are_written()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var good1 = MetadataApi.UniqueId("import-good");
        var good2 = MetadataApi.UniqueId("import-good");
        var file = new JsonArray(
            Record(good1),
            Record(MetadataApi.UniqueId("import-bad-muscle"), primary: "wings"),
            Record(null),
            JsonValue.Create(42),
            Record(MetadataApi.UniqueId("import-bad-name"), name: JsonValue.Create(7)),
            Record(good1),
            Record("not a valid id!"),
            Record(MetadataApi.UniqueId("import-bad-level"), level: "superhuman"),
            Record(good2));

        var summary = await MetadataApi.ImportAsync(http, file.ToJsonString());
        summary.GetProperty("total").GetInt32().Should().Be(9);
        summary.GetProperty("created").GetInt32().Should().Be(2);
        summary.GetProperty("rejected").GetInt32().Should().Be(7);
        var rejections = summary.GetProperty("rejections").EnumerateArray()
            .ToDictionary(r => r.GetProperty("index").GetInt32(), r => string.Join(" | ", r.GetProperty("reasons").EnumerateArray().Select(x => x.GetString())));
        rejections.Keys.Should().BeEquivalentTo([1, 2, 3, 4, 5, 6, 7]);
        rejections[1].Should().Contain("primaryMuscles[0]").And.Contain("wings");
        rejections[2].Should().Contain("id");
        rejections[3].Should().Contain("not an object");
        rejections[4].Should().Contain("name: must be a string");
        rejections[5].Should().Contain("duplicate of record 0");
        rejections[6].Should().Contain("id");
        rejections[7].Should().Contain("superhuman");

        (await http.GetAsync($"/api/v1/exercises/{good1}")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"/api/v1/exercises/{good2}")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_file_that_is_not_json_is_refused_whole_and_writes_nothing()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var id = MetadataApi.UniqueId("import-truncated");
        var truncated = new JsonArray(Record(id)).ToJsonString()[..^5];
        using var response = await http.PostAsync("/api/v1/admin/imports/free-exercise-db", new StringContent(truncated, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.ReadObjectAsync())["detail"]!.GetValue<string>().Should().Contain("nothing was imported");
        (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var notArray = await http.PostAsync("/api/v1/admin/imports/free-exercise-db", new StringContent("{\"id\":\"x\"}", Encoding.UTF8, "application/json"));
        notArray.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private static JsonNode Record(string? id, string primary = "hamstrings", JsonNode? name = null, string level = "beginner") => new JsonObject
    {
        ["id"] = id,
        ["name"] = name ?? JsonValue.Create($"Imported {id}"),
        ["force"] = "pull",
        ["level"] = level,
        ["mechanic"] = null,
        ["equipment"] = "barbell",
        ["primaryMuscles"] = new JsonArray(primary),
        ["secondaryMuscles"] = new JsonArray(),
        ["instructions"] = new JsonArray("Step one."),
        ["category"] = "strength",
        ["images"] = new JsonArray("x/0.jpg"),
    };
}
