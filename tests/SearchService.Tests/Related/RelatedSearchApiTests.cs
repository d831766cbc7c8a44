using System.Net.Http.Json;
using System.Text.Json;
using FitnessAssistant.SearchService.Suggest;
using FitnessAssistant.SearchService.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace FitnessAssistant.SearchService.Tests.Related;

/// <summary>Free-text requests for substitutes and progressions through GET /api/v1/search.</summary>
public sealed class RelatedSearchApiTests : IDisposable
{
    private readonly SearchApiFactory _factory = new();
    private readonly HttpClient _client;

    public RelatedSearchApiTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task An_alternative_to_a_named_exercise_is_answered_with_its_substitutes()
    {
        var body = await SearchAsync("alternative to the barbell bench press");

        var related = body.GetProperty("query").GetProperty("related");
        related.ValueKind.Should().Be(JsonValueKind.Object, body.ToString());
        related.GetProperty("kind").GetString().Should().Be("substitutes");
        related.GetProperty("id").GetString().Should().Be("barbell-bench-press");
        var results = body.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("id").GetString()).Should().NotContain("barbell-bench-press").And.Contain("dumbbell-bench-press");
        results.Should().OnlyContain(r => r.GetProperty("primaryMuscles").EnumerateArray().Any(m => m.GetString() == "chest"));
        results[0].GetProperty("why").GetProperty("reasons").EnumerateArray().Select(w => w.GetString()).Should().Contain("same force: push");
    }

    [Fact]
    public async Task Equipment_the_rest_of_the_query_names_is_required_and_equipment_it_says_is_taken_excluded()
    {
        var barbell = await SearchAsync("similar to a goblet squat but with a barbell");
        barbell.GetProperty("query").GetProperty("related").GetProperty("id").GetString().Should().Be("goblet-squat");
        Ids(barbell).Should().Equal("back-squat");

        var taken = await SearchAsync("replacement for the cable curl when the cables are taken");
        taken.GetProperty("query").GetProperty("related").GetProperty("conditions").EnumerateArray().Should().ContainSingle();
        Ids(taken).Should().Equal("barbell-curl");
    }

    [Fact]
    public async Task Conditions_nothing_satisfies_are_relaxed_and_said_so()
    {
        var body = await SearchAsync("swap for the barbell curl, no cable or barbell");

        body.GetProperty("query").GetProperty("constraintsRelaxed").GetBoolean().Should().BeTrue();
        Ids(body).Should().Equal("cable-curl");
    }

    [Fact]
    public async Task Harder_and_easier_variants_are_progressions_of_the_named_exercise()
    {
        var harder = await SearchAsync("harder than push-ups");
        harder.GetProperty("query").GetProperty("related").GetProperty("kind").GetString().Should().Be("harder");
        Ids(harder).Should().Equal("wide-push-up", "close-grip-push-up");

        var easier = await SearchAsync("easier version of wide grip push-ups");
        easier.GetProperty("query").GetProperty("related").GetProperty("kind").GetString().Should().Be("easier");
        Ids(easier).Should().Contain("push-up").And.NotContain("wide-push-up");
    }

    [Theory]
    [InlineData("step down from close-grip push-ups")]
    [InlineData("I can't do close grip push ups yet")]
    [InlineData("regress the close-grip push-up")]
    [InlineData("a simpler version of close-grip push-ups")]
    [InlineData("work up to close-grip push-ups")]
    [InlineData("close-grip push-ups are too hard for me")]
    public async Task Regression_phrasings_ask_for_the_easier_variants_of_the_named_exercise(string q)
    {
        var body = await SearchAsync(q);

        var related = body.GetProperty("query").GetProperty("related");
        related.ValueKind.Should().Be(JsonValueKind.Object, body.ToString());
        related.GetProperty("kind").GetString().Should().Be("easier");
        related.GetProperty("id").GetString().Should().Be("close-grip-push-up", "stop words of its name ('off of a') are not other words");
        Ids(body)[0].Should().Be("bench-dip", "the beginner variant working the triceps");
    }

    [Theory]
    [InlineData("tougher than push-ups")]
    [InlineData("step up from push-ups")]
    [InlineData("more advanced push-ups")]
    [InlineData("how do I progress my push-ups")]
    [InlineData("push ups are too easy, what next")]
    [InlineData("I have mastered push-ups")]
    public async Task Progression_phrasings_ask_for_the_harder_variants_of_the_named_exercise(string q)
    {
        var body = await SearchAsync(q);

        var related = body.GetProperty("query").GetProperty("related");
        related.ValueKind.Should().Be(JsonValueKind.Object, body.ToString());
        related.GetProperty("kind").GetString().Should().Be("harder");
        related.GetProperty("id").GetString().Should().Be("push-up");
        Ids(body)[0].Should().Be("wide-push-up");
    }

    [Fact]
    public async Task Without_an_easier_variant_working_its_main_muscle_one_working_it_as_a_helper_is_the_regression()
    {
        var body = await SearchAsync("easier alternative to the barbell deadlift");

        var related = body.GetProperty("query").GetProperty("related");
        related.GetProperty("kind").GetString().Should().Be("easier", "'easier' decides over 'alternative'");
        related.GetProperty("id").GetString().Should().Be("barbell-deadlift");
        Ids(body).Should().Equal("stiff-leg-deadlift");
        body.GetProperty("results")[0].GetProperty("why").GetProperty("reasons").EnumerateArray().Select(w => w.GetString())
            .Should().Contain("works lower back as a secondary muscle");
    }

    [Theory]
    [InlineData("alternative to dumbbells")]
    [InlineData("simpler chest exercises")]
    [InlineData("how to progress with a band")]
    [InlineData("replace a swing battery")]
    public async Task Without_a_named_exercise_a_cue_word_is_an_ordinary_search(string q)
    {
        var body = await SearchAsync(q);

        body.GetProperty("query").TryGetProperty("related", out var related).Should().BeTrue();
        related.ValueKind.Should().Be(JsonValueKind.Null, "facet words or a word of a longer name do not name an exercise");
    }

    private async Task<JsonElement> SearchAsync(string q)
    {
        var index = _factory.Services.GetRequiredService<SuggestIndexProvider>();
        for (var attempt = 0; attempt < 100 && index.Current.ExerciseCount == 0; attempt++)
        {
            await Task.Delay(50);
        }
        return await _client.GetFromJsonAsync<JsonElement>($"/api/v1/search?q={Uri.EscapeDataString(q)}");
    }

    private static List<string?> Ids(JsonElement body) => [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString())];
}
