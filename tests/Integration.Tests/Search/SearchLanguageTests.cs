using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Search;

/// <summary>Queries in other languages answered from the English catalog, through the gateway.</summary>
[Collection(SystemCollection.Name)]
public sealed class SearchLanguageTests(SystemFixture system)
{
    [Theory]
    [InlineData("Kreuzheben mit Kurzhanteln", "de", "deadlift")]
    [InlineData("dominadas", "es", "pull")]
    [InlineData("flexões de braço", "pt", "push")]
    public async Task A_query_in_another_language_finds_the_english_exercises_and_names_its_language(string q, string language, string nameWord)
    {
        await SearchSystem.EnsureReadyAsync(system);

        var reply = await SearchSystem.SearchUntilAsync(system, $"q={Uri.EscapeDataString(q)}&limit=5", r => r.Degraded is null, TimeSpan.FromSeconds(30));

        reply.Status.Should().Be(System.Net.HttpStatusCode.OK, reply.Text);
        reply.Body.GetProperty("query").GetProperty("language").GetString().Should().Be(language);
        reply.Results.Should().HaveCount(5).And.OnlyContain(r => r.GetProperty("name").GetString()!.Contains(nameWord, StringComparison.OrdinalIgnoreCase));
    }
}
