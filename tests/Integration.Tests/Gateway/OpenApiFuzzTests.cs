using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FitnessAssistant.IntegrationTests.Fixtures;
using Xunit.Abstractions;
using static FitnessAssistant.IntegrationTests.Gateway.GatewayRequests;

namespace FitnessAssistant.IntegrationTests.Gateway;

/// <summary>
/// Every operation of the API documents the gateway publishes, sent through the gateway with malformed and boundary
/// values in each parameter and each body field, one at a time: no answer may be a 5xx, and every refusal must be
/// problem details. Bounded (<see cref="MaxRequests"/>) and sequential, so it runs in CI in seconds. Write
/// operations get bodies that are never valid as a whole, and no If-Match, so nothing is stored.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class OpenApiFuzzTests(SystemFixture system, ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxRequests = 3000;
    private const string Placeholder = "__fuzz__";

    private static readonly string[] BadStrings =
    [
        "", "%20", new string('a', 600), "%zz", "%", "%C3%28", "%FF", "%00", "%0A", "%E2%80%AE", "caf%C3%A9",
        "%F0%9F%92%AA", "%27%3B%20DROP%20TABLE%20exercises%3B--", "..%2F..%2Fetc", "%2F", "null", "-1",
    ];

    private static readonly string[] BadNumbers = ["", "-1", "0", "2147483648", "99999999999999999999", "1e400", "1.5", "abc", "%00", "NaN"];

    private static readonly string[] BadJsonValues =
    [
        "null", "\"\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\u0007\"", "99999999999999999999", "1e400", "-1", "true",
        "[]", "[null]", "[\"\\u0000\"]", "[[]]", "{}", "{\"x\":null}", $"\"{new string('a', 5000)}\"",
    ];

    private static readonly string[] BadBodies = ["", "null", "[]", "{", "\"text\"", "{}", "[null]", "{\"a\":", "\u0000", "123"];

    private Uri Gateway => system.Endpoint("gateway");

    public Task InitializeAsync() => system.EnsureRunningAsync("gateway");

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task No_operation_answers_a_5xx_or_a_refusal_without_problem_details()
    {
        // Search answers 503 while its dependencies warm up: a fuzz pass only means something on a working system.
        await EventuallyAsync(async () =>
        {
            using var search = await SendAsync(Gateway, HttpMethod.Get, "/api/v1/search?q=curl", system.GatewayCredentials.ApiKey);
            return search.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(90), "search answers fully");

        var requests = new List<FuzzRequest>();
        foreach (var document in new[] { "search", "catalog" })
        {
            using var response = await SendAsync(Gateway, HttpMethod.Get, $"/openapi/{document}/v1.json");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var root = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            requests.AddRange(Operations(root).SelectMany(Mutations));
        }
        requests.Should().NotBeEmpty();
        requests.Count.Should().BeLessThanOrEqualTo(MaxRequests, "the pass must stay bounded");
        requests.Select(r => r.Operation).Distinct().Count().Should().BeGreaterThanOrEqualTo(8, "every published operation is fuzzed");

        var admin = system.GatewayCredentials.MintToken("fuzz", ["admin"], TimeSpan.FromMinutes(30), plan: "developer");
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var fuzz in requests)
        {
            using var response = await SendFuzzAsync(fuzz, admin);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status >= 500 || status >= 400 && mediaType != "application/problem+json")
            {
                failures.Add($"{fuzz} -> {status} {mediaType}: {Truncate(await response.Content.ReadAsStringAsync())}");
            }
        }

        output.WriteLine($"{requests.Count} requests over {string.Join(", ", requests.Select(r => r.Operation.ToString()).Distinct())}");
        output.WriteLine($"statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        failures.Should().BeEmpty(
            $"{requests.Count} requests ({string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}) must answer no 5xx and only problem details");
    }

    /// <summary>
    /// Sends one request. A 503 with Retry-After says a dependency is briefly unavailable (on two shared cores the
    /// embedding breaker may open under other tests' load), which is no answer to the input: it is sent again, a
    /// few times, and only a 503 that persists counts.
    /// </summary>
    private async Task<HttpResponseMessage> SendFuzzAsync(FuzzRequest fuzz, string admin)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = fuzz.ToHttpRequest(Gateway, system.GatewayCredentials.ApiKey, admin);
            var response = await GatewayRequests.Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is not { } wait || attempt == 4)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(wait < TimeSpan.FromSeconds(5) ? wait : TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Each (path, method) of a document with its parameters and JSON body schema, refs resolved.</summary>
    private static IEnumerable<Operation> Operations(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (method is not ("get" or "post" or "put" or "delete" or "patch"))
                {
                    continue;
                }
                var parameters = (operation!["parameters"]?.AsArray() ?? []).Concat(item["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(document, p!))
                    .Select(p => new Parameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(),
                        p["required"]?.GetValue<bool>() == true, Resolve(document, p["schema"] ?? new JsonObject())))
                    .Where(p => p.In is "path" or "query")
                    .ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Resolve(document, schema) : null;
                yield return new Operation(method.ToUpperInvariant(), path, parameters, body, document);
            }
        }
    }

    private static IEnumerable<FuzzRequest> Mutations(Operation operation)
    {
        // Only what is required, with a good value: each mutation then meets the code path a valid request takes.
        var baseline = operation.Parameters.Where(p => p.Required || p.In == "path" || p.Name == "q").ToDictionary(p => p.Name, GoodValue);
        FuzzRequest Request(Dictionary<string, string> values, string? body = null, string contentType = "application/json", string? extraQuery = null)
            => new(operation, values, body ?? (operation.Body is null ? null : BaseBody(operation)), contentType, extraQuery);

        yield return Request(baseline);
        foreach (var parameter in operation.Parameters)
        {
            var values = IsNumber(parameter.Schema) ? BadNumbers : BadStrings;
            foreach (var value in values)
            {
                // A NUL in the path is refused by Kestrel before any middleware (a documented bare 400).
                if (parameter.In == "path" && value is "%00" or "")
                {
                    continue;
                }
                yield return Request(new Dictionary<string, string>(baseline) { [parameter.Name] = value });
            }
            if (parameter.In == "query")
            {
                yield return Request(new Dictionary<string, string>(baseline) { [parameter.Name] = GoodValue(parameter) },
                    extraQuery: $"{parameter.Name}={GoodValue(parameter)}");
                var without = new Dictionary<string, string>(baseline);
                without.Remove(parameter.Name);
                yield return Request(without);
            }
        }
        yield return Request(baseline, extraQuery: "zz_unknown=1");
        if (operation.Body is null)
        {
            yield break;
        }
        foreach (var body in BadBodies)
        {
            yield return Request(baseline, body);
        }
        yield return Request(baseline, "{\"q\":\"curl\"}", "text/plain");
        yield return Request(baseline, "{\"q\":\"curl\"}", "application/x-www-form-urlencoded");
        foreach (var path in FieldPaths(operation.Document, operation.Body).Append(["zz_unknown"]))
        {
            // Spliced in as text: JsonNode cannot hold an unpaired surrogate, which is the point of some values.
            var body = JsonNode.Parse(BaseBody(operation))!.AsObject();
            var parent = body;
            foreach (var name in path[..^1])
            {
                parent = (JsonObject)(parent[name] = new JsonObject());
            }
            parent[path[^1]] = Placeholder;
            var template = body.ToJsonString();
            foreach (var value in BadJsonValues)
            {
                yield return Request(baseline, template.Replace($"\"{Placeholder}\"", value));
            }
        }
    }

    /// <summary>
    /// The smallest body: the search text if the operation takes one, else nothing, so a write is never valid and
    /// stores nothing, and a search reaches the code a real one runs.
    /// </summary>
    private static string BaseBody(Operation operation)
        => Properties(operation.Document, operation.Body!).Contains("q") ? "{\"q\":\"curl\"}" : "{}";

    /// <summary>Every field of a body schema as a path of names, fields of nested objects too (<c>filters.muscle</c>).</summary>
    private static IEnumerable<string[]> FieldPaths(JsonNode document, JsonNode schema, int depth = 0)
    {
        foreach (var name in Properties(document, schema))
        {
            yield return [name];
            var property = Resolve(document, Resolve(document, schema)["properties"]![name]!);
            if (depth < 2 && (property["properties"] is not null || (property["oneOf"] ?? property["anyOf"]) is JsonArray))
            {
                var objectSchema = property["properties"] is not null ? property
                    : (property["oneOf"] ?? property["anyOf"])!.AsArray().Select(s => Resolve(document, s!)).FirstOrDefault(s => s["properties"] is not null);
                foreach (var nested in objectSchema is null ? [] : FieldPaths(document, objectSchema, depth + 1))
                {
                    yield return [name, .. nested];
                }
            }
        }
    }

    private static IEnumerable<string> Properties(JsonNode document, JsonNode schema)
        => Resolve(document, schema)["properties"]?.AsObject().Select(p => p.Key) ?? [];

    private static string GoodValue(Parameter parameter) => parameter.Name switch
    {
        "q" => "curl",
        "id" => "push-up",
        _ when IsNumber(parameter.Schema) => "5",
        _ => "x",
    };

    private static bool IsNumber(JsonNode schema) => Types(schema).Any(t => t is "integer" or "number");

    private static IReadOnlyList<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray types => [.. types.Select(t => t!.GetValue<string>())],
        JsonValue type => [type.GetValue<string>()],
        _ => (schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives
            ? [.. alternatives.SelectMany(s => s?["type"] is JsonValue t ? [t.GetValue<string>()] : Array.Empty<string>())]
            : [],
    };

    private static JsonNode Resolve(JsonNode document, JsonNode node)
    {
        for (var depth = 0; node["$ref"] is JsonValue reference && depth < 10; depth++)
        {
            var target = document;
            foreach (var segment in reference.GetValue<string>().TrimStart('#', '/').Split('/'))
            {
                target = target[segment]!;
            }
            node = target;
        }
        return node;
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private sealed record Parameter(string Name, string In, bool Required, JsonNode Schema);

    private sealed record Operation(string Method, string Path, IReadOnlyList<Parameter> Parameters, JsonNode? Body, JsonNode Document)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    /// <summary>One request; parameter values are already percent-encoded (or deliberately malformed) and sent as written.</summary>
    private sealed record FuzzRequest(Operation Operation, Dictionary<string, string> Values, string? Body, string ContentType, string? ExtraQuery)
    {
        public HttpRequestMessage ToHttpRequest(Uri gateway, string apiKey, string adminToken)
        {
            var path = Operation.Parameters.Where(p => p.In == "path")
                .Aggregate(Operation.Path, (current, p) => current.Replace($"{{{p.Name}}}", Values.GetValueOrDefault(p.Name, "x")));
            var query = string.Join('&', Operation.Parameters.Where(p => p.In == "query" && Values.ContainsKey(p.Name))
                .Select(p => $"{p.Name}={Values[p.Name]}").Append(ExtraQuery).OfType<string>());
            var target = new Uri(gateway + path.TrimStart('/') + (query.Length > 0 ? "?" + query : ""),
                new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
            var request = new HttpRequestMessage(new HttpMethod(Operation.Method), target);
            if (Operation.Path.StartsWith("/api/v1/admin", StringComparison.Ordinal))
            {
                request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {adminToken}");
            }
            else
            {
                request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
            }
            if (Body is not null)
            {
                request.Content = new StringContent(Body, Encoding.UTF8);
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
            }
            return request;
        }

        public override string ToString()
            => $"{Operation} {string.Join('&', Values.Select(v => $"{v.Key}={Truncate(v.Value)}"))}{(ExtraQuery is null ? "" : "&" + ExtraQuery)}" +
               (Body is null ? "" : $" [{ContentType}] {Truncate(Body)}");
    }
}
