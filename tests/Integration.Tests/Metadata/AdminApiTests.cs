using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Metadata;

[Collection(SystemCollection.Name)]
public sealed class AdminApiTests(SystemFixture system)
{
    private const string Admin = "/api/v1/admin/exercises";

    [Fact]
    public async Task Create_update_delete_follow_the_etag_matrix()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var id = MetadataApi.UniqueId("admin-matrix");
        var exercise = MetadataApi.Exercise(id, "Matrix Press");

        // 201 with Location and ETag.
        using var created = await http.PostAsync(Admin, MetadataApi.Json(exercise));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/exercises/{id}");
        var etag1 = created.Headers.ETag!.Tag;

        // 409 on the same id, also in another case.
        using var duplicate = await http.PostAsync(Admin, MetadataApi.Json(MetadataApi.Exercise(id.ToUpperInvariant())));
        duplicate.StatusCode.Should().Be(HttpStatusCode.Conflict);
        duplicate.ContentType()!.MediaType.Should().Be("application/problem+json");

        // 428 without If-Match, 400 with a malformed one, 412 with a stale one (and the current ETag in the answer).
        var renamed = MetadataApi.Exercise(id, "Matrix Press Renamed");
        using (var missing = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", renamed)))
        {
            missing.StatusCode.Should().Be((HttpStatusCode)428);
            missing.ContentType()!.MediaType.Should().Be("application/problem+json");
        }
        using (var malformed = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", renamed, ifMatch: "not-an-etag")))
        {
            malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }
        using (var stale = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", renamed, ifMatch: "\"1\"")))
        {
            stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
            stale.Headers.ETag!.Tag.Should().Be(etag1);
        }

        // 200 with the right one; the ETag changes and GET sees the change.
        using var updated = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", renamed, ifMatch: etag1));
        updated.StatusCode.Should().Be(HttpStatusCode.OK);
        var etag2 = updated.Headers.ETag!.Tag;
        etag2.Should().NotBe(etag1);
        using (var read = await http.GetAsync($"/api/v1/exercises/{id}"))
        {
            read.Headers.ETag!.Tag.Should().Be(etag2);
            (await read.ReadObjectAsync())["name"]!.GetValue<string>().Should().Be("Matrix Press Renamed");
        }

        // The old ETag is now stale for a write; a conditional GET with the current one is 304.
        using (var staleAgain = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", exercise, ifMatch: etag1)))
        {
            staleAgain.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        }
        using (var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/exercises/{id}"))
        {
            conditional.Headers.TryAddWithoutValidation("If-None-Match", etag2);
            using var notModified = await http.SendAsync(conditional);
            notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        }

        // Delete: 428, 412, 204, then 404 for reads, updates and deletes.
        (await http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Admin}/{id}"))).StatusCode.Should().Be((HttpStatusCode)428);
        (await http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Admin}/{id}", ifMatch: etag1))).StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        (await http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Admin}/{id}", ifMatch: etag2))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await http.GetAsync($"/api/v1/exercises/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", renamed, ifMatch: etag2))).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await http.SendAsync(MetadataApi.Request(HttpMethod.Delete, $"{Admin}/{id}", ifMatch: etag2))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_input_is_answered_with_problem_details_naming_the_fields()
    {
        using var http = await MetadataApi.ClientAsync(system);

        var bad = MetadataApi.Exercise(MetadataApi.UniqueId("admin-bad"), "Bad", "chestt");
        bad["level"] = "godlike";
        bad.Remove("name");
        using var invalid = await http.PostAsync(Admin, MetadataApi.Json(bad));
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        invalid.ContentType()!.MediaType.Should().Be("application/problem+json");
        var errors = (await invalid.ReadObjectAsync())["errors"]!.AsObject();
        errors.Select(e => e.Key).Should().BeEquivalentTo(["name", "level", "primaryMuscles[0]"]);
        errors["level"]![0]!.GetValue<string>().Should().Contain("'beginner'");

        using var badId = await http.PostAsync(Admin, MetadataApi.Json(MetadataApi.Exercise("not a slug!")));
        badId.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        using var text = await http.PostAsync(Admin, new StringContent("name=x", Encoding.UTF8, "text/plain"));
        text.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        text.ContentType()!.MediaType.Should().Be("application/problem+json");

        using var broken = await http.PostAsync(Admin, new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        broken.ContentType()!.MediaType.Should().Be("application/problem+json");

        var id = MetadataApi.UniqueId("admin-rename");
        var etag = await MetadataApi.CreateAsync(http, MetadataApi.Exercise(id));
        using var renameId = await http.SendAsync(MetadataApi.Request(HttpMethod.Put, $"{Admin}/{id}", MetadataApi.Exercise("other-id"), ifMatch: etag));
        renameId.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        (await http.GetAsync("/api/v1/exercises/no-such-exercise")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_pages_with_an_opaque_cursor_and_facets_count_under_the_other_filters()
    {
        using var http = await MetadataApi.ClientAsync(system);
        // The pages and the facets must count the same catalog, including what earlier tests wrote.
        http.DefaultRequestHeaders.Add("X-Catalog-Lsn", await MetadataApi.CatalogPositionAsync(system));
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/exercises?category=strength&muscle=chest,triceps&limit=7" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await http.GetAsync(url)).ReadObjectAsync();
            foreach (var item in page["items"]!.AsArray())
            {
                item!["category"]!.GetValue<string>().Should().Be("strength");
                var muscles = item["primaryMuscles"]!.AsArray().Concat(item["secondaryMuscles"]!.AsArray()).Select(m => m!.GetValue<string>());
                muscles.Should().IntersectWith(["chest", "triceps"]);
                seen.Add(item["id"]!.GetValue<string>());
            }
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);

        seen.Should().OnlyHaveUniqueItems().And.HaveCountGreaterThan(7);
        seen.Select(s => s.ToLowerInvariant()).Should().BeInAscendingOrder(StringComparer.Ordinal);

        var facets = await (await http.GetAsync("/api/v1/exercises/facets?category=strength&muscle=chest,triceps")).ReadObjectAsync();
        facets["total"]!.GetValue<long>().Should().Be(seen.Count);
        // Disjunctive: the category facet ignores the category filter, so it also counts other categories.
        var categories = facets["category"]!.AsArray().ToDictionary(c => c!["value"]!.GetValue<string>(), c => c!["count"]!.GetValue<long>());
        categories["strength"].Should().Be(seen.Count);
        categories.Keys.Should().Contain(["stretching", "cardio"]);

        (await http.GetAsync("/api/v1/exercises?cursor=garbage")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await http.GetAsync("/api/v1/exercises?limit=1000")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var unknown = await http.GetAsync("/api/v1/exercises?muscle=wings&equipment=spaceship");
        unknown.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await unknown.ReadObjectAsync())["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo(["muscle", "equipment"]);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_catalog_api()
    {
        using var http = await MetadataApi.ClientAsync(system);
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.Should().Contain(["/api/v1/exercises", "/api/v1/exercises/{id}", "/api/v1/exercises/facets",
            "/api/v1/admin/exercises", "/api/v1/admin/exercises/{id}", "/api/v1/admin/imports/free-exercise-db",
            "/api/v1/admin/judged-sets", "/api/v1/admin/judged-sets/imports", "/api/v1/admin/judged-sets/{id}",
            "/api/v1/admin/judged-sets/{id}/qrels", "/api/v1/admin/judged-sets/{id}/queries", "/api/v1/admin/judged-sets/{id}/queries/{queryId}"]);
    }
}
