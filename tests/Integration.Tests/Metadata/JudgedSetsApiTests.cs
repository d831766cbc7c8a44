using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// Judged query sets through the gateway with an admin token, over the imported free-exercise-db: create, import,
/// edit under the set's ETag, and export as evaluate.py's judgments file with the grades qrels.py gives.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class JudgedSetsApiTests(SystemFixture system) : IAsyncLifetime
{
    private const string Sets = "/api/v1/admin/judged-sets";

    private static readonly string Eval = Path.Combine(RepositoryLayout.Shared, "eval");

    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await system.EnsureRunningAsync("gateway");
        using (var metadata = await MetadataApi.ClientAsync(system))
        {
            // Idempotent: unchanged when an earlier test imported it.
            await MetadataApi.ImportAsync(metadata, await File.ReadAllTextAsync(MetadataApi.FreeExerciseDb));
        }
        _http = system.WithAdminToken(new HttpClient { BaseAddress = system.Endpoint("gateway"), Timeout = TimeSpan.FromSeconds(60) });
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_shipped_set_exports_the_grades_qrels_py_gives_on_the_catalog()
    {
        using var get = await _http.GetAsync($"{Sets}/core");
        get.StatusCode.Should().Be(HttpStatusCode.OK);
        var core = await get.ReadObjectAsync();
        var queries = core["queries"]!.AsArray();
        queries.Count.Should().BeGreaterThanOrEqualTo(30);

        // The catalog as it is now, in free-exercise-db's shape, read at the position every earlier write reached.
        var catalog = await CatalogAsync();
        catalog.Count.Should().BeGreaterThanOrEqualTo(873);
        var rules = new JsonArray([.. queries.Select(q => new JsonObject { ["query"] = q!["query"]!.DeepClone(), ["rule"] = q["rule"]!.DeepClone() })]);
        var expected = JsonNode.Parse(await PythonAsync(Path.Combine(Eval, "qrels.py"), rules, catalog))!.AsArray();

        using var export = await _http.GetAsync($"{Sets}/core/qrels");
        export.StatusCode.Should().Be(HttpStatusCode.OK);
        var exported = JsonNode.Parse(await export.Content.ReadAsStringAsync())!.AsArray();
        var reference = expected.Where(q => q!["relevant"]!.AsObject().Count > 0).ToList();
        export.Headers.GetValues("X-Omitted-Queries").Single().Should().Be((expected.Count - reference.Count).ToString());
        exported.Should().HaveCount(reference.Count);
        for (var i = 0; i < reference.Count; i++)
        {
            exported[i]!["query"]!.GetValue<string>().Should().Be(reference[i]!["query"]!.GetValue<string>());
            Grades(exported[i]!).Should().BeEquivalentTo(Grades(reference[i]!), reference[i]!["query"]!.GetValue<string>());
        }
        exported.Sum(q => q!["relevant"]!.AsObject().Count).Should().BeGreaterThan(500);
    }

    [Fact]
    public async Task Imports_of_the_shared_files_round_trip_and_a_catalog_edit_changes_rule_grades()
    {
        // evaluate.py's judgments, made by qrels.py from the dev rules over free-exercise-db: exported unchanged.
        var devRules = await File.ReadAllTextAsync(Path.Combine(Eval, "dev-rules.json"));
        var devQrels = JsonNode.Parse(await PythonAsync(Path.Combine(Eval, "qrels.py"), JsonNode.Parse(devRules)!, JsonNode.Parse(await File.ReadAllTextAsync(MetadataApi.FreeExerciseDb))!))!;
        var judgmentsId = MetadataApi.UniqueId("dev-judgments");
        using (var imported = await _http.PostAsync($"{Sets}/imports?id={judgmentsId}&name=Dev%20judgments", MetadataApi.Json(devQrels)))
        {
            imported.StatusCode.Should().Be(HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
            imported.Headers.Location!.ToString().Should().Be($"{Sets}/{judgmentsId}");
            imported.Headers.ETag.Should().NotBeNull();
        }
        var roundTrip = JsonNode.Parse(await _http.GetStringAsync($"{Sets}/{judgmentsId}/qrels"))!.AsArray();
        roundTrip.Select(q => (q!["query"]!.GetValue<string>(), Grades(q))).Should().BeEquivalentTo(
            devQrels.AsArray().Select(q => (q!["query"]!.GetValue<string>(), Grades(q!))), options => options.WithStrictOrdering());

        // qrels.py's rules file: the same set once more; a second import with the same id is 409.
        var rulesId = MetadataApi.UniqueId("dev-rules");
        using (var imported = await _http.PostAsync($"{Sets}/imports?id={rulesId}&name=Dev%20rules", new StringContent(devRules, Encoding.UTF8, "application/json")))
        {
            imported.StatusCode.Should().Be(HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        }
        using (var again = await _http.PostAsync($"{Sets}/imports?id={rulesId.ToUpperInvariant()}&name=Again", new StringContent(devRules, Encoding.UTF8, "application/json")))
        {
            await again.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        // Rules are evaluated at read time: a new exercise the rule covers is graded at once, and gone once deleted.
        var marker = $"zq{Guid.NewGuid():N}"[..12];
        var setId = MetadataApi.UniqueId("catalog-edit");
        using (var created = await _http.PostAsync(Sets, MetadataApi.Json(new JsonObject
        {
            ["id"] = setId, ["name"] = "Catalog edit", ["queries"] = new JsonArray(new JsonObject
            {
                ["query"] = marker, ["rule"] = new JsonObject { ["name_regex"] = marker, ["muscles_any"] = new JsonArray("chest") },
            }),
        })))
        {
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        (await ExportAsync(setId)).Should().BeEmpty("nothing in the catalog is named so yet");
        var exerciseId = MetadataApi.UniqueId("judged");
        var etag = await MetadataApi.CreateAsync(_http, MetadataApi.Exercise(exerciseId, $"Press {marker}", "chest"));
        var graded = await ExportAsync(setId);
        graded.Should().ContainSingle();
        Grades(graded[0]!).Should().BeEquivalentTo(new Dictionary<string, int> { [exerciseId] = 2 });
        using (var deleted = await _http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"/api/v1/admin/exercises/{exerciseId}", ifMatch: etag)))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        (await ExportAsync(setId)).Should().BeEmpty();
    }

    [Fact]
    public async Task Query_edits_follow_the_etag_rules_and_explicit_grades_override_the_rule()
    {
        var id = MetadataApi.UniqueId("etag-rules");
        using var created = await _http.PostAsync(Sets, MetadataApi.Json(new JsonObject
        {
            ["id"] = id, ["name"] = "ETag rules", ["description"] = "Written by an integration test.",
            ["queries"] = new JsonArray(new JsonObject { ["query"] = "deadlift", ["rule"] = new JsonObject { ["name_regex"] = "^barbell deadlift$" } }),
        }));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var etag1 = created.Headers.ETag!.Tag;
        var set = await created.ReadObjectAsync();
        var deadliftQuery = set["queries"]![0]!["id"]!.GetValue<long>();
        Grades((await ExportAsync(id))[0]!).Should().BeEquivalentTo(new Dictionary<string, int> { ["Barbell_Deadlift"] = 2 });

        var curls = new JsonObject
        {
            ["query"] = "curls", ["relevant"] = new JsonObject { ["barbell_curl"] = 2, ["Hammer_Curls"] = 1 },
        };
        using (var missing = await _http.PostAsync($"{Sets}/{id}/queries", MetadataApi.Json(curls)))
        {
            await missing.ShouldBeProblemAsync((HttpStatusCode)428);
        }
        using (var malformed = await _http.SendAsync(MetadataApi.Request(HttpMethod.Post, $"{Sets}/{id}/queries", curls, ifMatch: "v1")))
        {
            await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
        string etag2;
        long curlsQuery;
        using (var added = await _http.SendAsync(MetadataApi.Request(HttpMethod.Post, $"{Sets}/{id}/queries", curls, ifMatch: etag1)))
        {
            added.StatusCode.Should().Be(HttpStatusCode.Created, await added.Content.ReadAsStringAsync());
            etag2 = added.Headers.ETag!.Tag;
            etag2.Should().NotBe(etag1);
            var query = await added.ReadObjectAsync();
            curlsQuery = query["id"]!.GetValue<long>();
            added.Headers.Location!.ToString().Should().Be($"{Sets}/{id}/queries/{curlsQuery}");
            // Ids are stored as the catalog spells them.
            query["relevant"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("Barbell_Curl", "Hammer_Curls");
        }
        using (var stale = await _http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Sets}/{id}/queries/{deadliftQuery}", ifMatch: etag1)))
        {
            await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
            stale.Headers.ETag!.Tag.Should().Be(etag2);
        }

        // The rule grades every barbell deadlift 2; the explicit 0 takes one out, an explicit grade adds another.
        var judged = new JsonObject
        {
            ["query"] = "deadlift", ["rule"] = new JsonObject { ["name_regex"] = "deadlift", ["equipment_any"] = new JsonArray("barbell") },
            ["relevant"] = new JsonObject { ["Barbell_Deadlift"] = 0, ["Axle_Deadlift"] = 1 },
        };
        string etag3;
        using (var replaced = await _http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Sets}/{id}/queries/{deadliftQuery}", judged, ifMatch: etag2)))
        {
            replaced.StatusCode.Should().Be(HttpStatusCode.OK, await replaced.Content.ReadAsStringAsync());
            etag3 = replaced.Headers.ETag!.Tag;
        }
        var exported = await ExportAsync(id);
        exported.Select(q => q!["query"]!.GetValue<string>()).Should().Equal("deadlift", "curls");
        var deadlifts = Grades(exported[0]!);
        deadlifts.Should().NotContainKey("Barbell_Deadlift").And.Contain("Axle_Deadlift", 1).And.Contain("Deficit_Deadlift", 2);
        Grades(exported[1]!).Should().BeEquivalentTo(new Dictionary<string, int> { ["Barbell_Curl"] = 2, ["Hammer_Curls"] = 1 });

        using (var unknown = await _http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Sets}/{id}/queries/{curlsQuery}",
                   new JsonObject { ["query"] = "x", ["relevant"] = new JsonObject { ["No_Such_Exercise"] = 2 } }, ifMatch: etag3)))
        {
            (await unknown.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("unknownExercises")[0].GetString().Should().Be("no_such_exercise");
        }
        using (var noQuery = await _http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Sets}/{id}/queries/{curlsQuery + 100000}", ifMatch: etag3)))
        {
            await noQuery.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
        using (var removed = await _http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Sets}/{id}/queries/{curlsQuery}", ifMatch: "*")))
        {
            removed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        using (var get = await _http.GetAsync($"{Sets}/{id}"))
        {
            var current = await get.ReadObjectAsync();
            current["queries"]!.AsArray().Should().ContainSingle();
            get.Headers.ETag!.Tag.Should().Be($"\"{current["version"]}\"").And.NotBe(etag3);
            using var conditional = new HttpRequestMessage(HttpMethod.Get, $"{Sets}/{id}");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", get.Headers.ETag!.Tag);
            using var notModified = await _http.SendAsync(conditional);
            notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        }

        // Listed in id order, a page at a time; then deleted.
        var listed = new List<string>();
        for (string? cursor = null; ;)
        {
            var page = JsonNode.Parse(await _http.GetStringAsync($"{Sets}?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}"))!;
            listed.AddRange(page["items"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
            if ((cursor = page["nextCursor"]?.GetValue<string>()) is null)
            {
                break;
            }
        }
        listed.Should().Contain(["core", id]).And.OnlyHaveUniqueItems();
        using (var deleted = await _http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Sets}/{id}", ifMatch: "*")))
        {
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
        using var gone = await _http.GetAsync($"{Sets}/{id}");
        await gone.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Non_admins_are_refused_and_bad_input_is_problem_details()
    {
        var gateway = system.Endpoint("gateway");
        using (var user = await SendAsync(gateway, HttpMethod.Get, Sets, bearer: system.GatewayCredentials.MintToken("reader", ["user"], TimeSpan.FromMinutes(5))))
        {
            await user.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }
        using (var anonymous = await SendAsync(gateway, HttpMethod.Get, Sets))
        {
            anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        using (var notJson = await _http.PostAsync(Sets, new StringContent("name=x", Encoding.UTF8, "text/plain")))
        {
            await notJson.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        }
        using (var broken = await _http.PostAsync(Sets, new StringContent("{\"name\":", Encoding.UTF8, "application/json")))
        {
            await broken.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
        using (var badRule = await _http.PostAsync(Sets, MetadataApi.Json(new JsonObject
        {
            ["name"] = "Bad rules", ["queries"] = new JsonArray(
                new JsonObject { ["query"] = "a", ["rule"] = new JsonObject { ["equipment_any"] = new JsonArray("hammer") } },
                new JsonObject { ["query"] = "b", ["rule"] = new JsonObject { ["name_regex"] = "(a+)+\\1" } },
                new JsonObject { ["query"] = "c", ["relevant"] = new JsonObject { ["Barbell_Curl"] = 5 } }),
        })))
        {
            var problem = await badRule.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(
                "queries[0].rule.equipment_any[0]", "queries[1].rule.name_regex", "queries[2].relevant.Barbell_Curl");
        }
        using (var unknownField = await _http.PostAsync($"{Sets}/imports?name=x", new StringContent("""[{"query": "a", "rule": {"muscle_any": ["chest"]}}]""", Encoding.UTF8, "application/json")))
        {
            await unknownField.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
        using (var empty = await _http.PostAsync($"{Sets}/imports?name=x", new StringContent("[]", Encoding.UTF8, "application/json")))
        {
            await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        }
        // The gateway refuses a body above its own limit, the service (called directly) one above its 8 MB; both from the
        // declared length, before the client sends the body (Expect: 100-continue).
        var huge = $"[\"{new string('a', 9 * 1024 * 1024)}\"]";
        using (var tooLarge = await _http.SendAsync(ExpectingContinue($"{Sets}/imports?name=x", huge)))
        {
            await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        }
        using (var metadata = await MetadataApi.ClientAsync(system))
        using (var tooLarge = await metadata.SendAsync(ExpectingContinue($"{Sets}/imports?name=x", huge)))
        {
            (await tooLarge.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge)).GetProperty("detail").GetString().Should().Contain("8 MB");
        }
        using (var noSet = await _http.GetAsync($"{Sets}/no-such-set/qrels"))
        {
            await noSet.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }
        using (var badLimit = await _http.GetAsync($"{Sets}?limit=0&cursor=nope"))
        {
            (await badLimit.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name)
                .Should().BeEquivalentTo("limit", "cursor");
        }
    }

    private async Task<JsonArray> ExportAsync(string id)
    {
        using var response = await _http.GetAsync($"{Sets}/{id}/qrels");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    private static HttpRequestMessage ExpectingContinue(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        return request;
    }

    private static Dictionary<string, int> Grades(JsonNode query)
        => query["relevant"]!.AsObject().ToDictionary(r => r.Key, r => r.Value!.GetValue<int>());

    /// <summary>Every exercise through the public listing, as free-exercise-db records (the fields qrels.py reads).</summary>
    private async Task<JsonArray> CatalogAsync()
    {
        var position = await MetadataApi.CatalogPositionAsync(system);
        var catalog = new JsonArray();
        for (string? cursor = null; ;)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exercises?limit=100{(cursor is null ? "" : $"&cursor={cursor}")}");
            request.Headers.Add("X-Catalog-Lsn", position);
            using var response = await _http.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            foreach (var exercise in page["items"]!.AsArray())
            {
                catalog.Add(exercise!.DeepClone());
            }
            if ((cursor = page["nextCursor"]?.GetValue<string>()) is null)
            {
                return catalog;
            }
        }
    }

    /// <summary>Runs one of the shared scripts on two JSON files, as its usage line says; its standard output.</summary>
    private static async Task<string> PythonAsync(string script, JsonNode first, JsonNode second)
    {
        var files = new[] { Path.GetTempFileName(), Path.GetTempFileName() };
        try
        {
            await File.WriteAllTextAsync(files[0], first.ToJsonString());
            await File.WriteAllTextAsync(files[1], second.ToJsonString());
            using var process = Process.Start(new ProcessStartInfo("python3", [script, .. files]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var error = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0, await error);
            return output;
        }
        finally
        {
            Array.ForEach(files, File.Delete);
        }
    }
}
