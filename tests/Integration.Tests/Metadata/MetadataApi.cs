using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;
using Npgsql;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>HTTP helpers for the metadata service as the fixture runs it (the real process, over loopback).</summary>
internal static class MetadataApi
{
    /// <summary>The 873-exercise free-exercise-db file, in the shared folder beside the repository.</summary>
    public static string FreeExerciseDb { get; } =
        Path.Combine(RepositoryLayout.Shared, "data", "free-exercise-db", "exercises.json");

    public static async Task<HttpClient> ClientAsync(SystemFixture system)
    {
        await system.EnsureRunningAsync("metadata");
        return system.WithAdminToken(new HttpClient { BaseAddress = system.Endpoint("metadata"), Timeout = TimeSpan.FromSeconds(60) });
    }

    /// <summary>
    /// The primary's current WAL position, for a test that must read everything earlier tests wrote: sent as
    /// X-Catalog-Lsn, it keeps its reads off a replica that has not replayed that far.
    /// </summary>
    public static async Task<string> CatalogPositionAsync(SystemFixture system)
    {
        await using var connection = new NpgsqlConnection(system.Postgres);
        await connection.OpenAsync();
        await using var position = new NpgsqlCommand("SELECT pg_current_wal_insert_lsn()::text", connection);
        return (string)(await position.ExecuteScalarAsync())!;
    }

    public static JsonObject Exercise(string id, string name = "Test Exercise", params string[] primaryMuscles) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["description"] = "Written by an integration test.",
        ["category"] = "strength",
        ["level"] = "beginner",
        ["force"] = "push",
        ["mechanic"] = "compound",
        ["equipment"] = "body only",
        ["primaryMuscles"] = new JsonArray([.. (primaryMuscles.Length == 0 ? ["chest"] : primaryMuscles).Select(m => (JsonNode)m!)]),
        ["secondaryMuscles"] = new JsonArray("triceps"),
        ["aliases"] = new JsonArray(),
        ["instructions"] = new JsonArray("Do it.", "Do it again."),
    };

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static HttpRequestMessage Request(HttpMethod method, string path, JsonNode? body = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
        => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public static async Task<string> CreateAsync(HttpClient http, JsonObject exercise)
    {
        using var response = await http.PostAsync("/api/v1/admin/exercises", Json(exercise));
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return response.Headers.ETag!.Tag;
    }

    public static async Task<JsonElement> ImportAsync(HttpClient http, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/api/v1/admin/imports/free-exercise-db", content);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;

    /// <summary>A unique id for this test run, so tests sharing the catalog never collide.</summary>
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];
}
