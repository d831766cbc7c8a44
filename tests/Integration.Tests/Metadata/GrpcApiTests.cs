using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.Metadata.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace FitnessAssistant.IntegrationTests.Metadata;

[Collection(SystemCollection.Name)]
public sealed class GrpcApiTests(SystemFixture system)
{
    [Fact]
    public async Task GetExercises_answers_many_ids_in_request_order_and_reports_the_missing_ones()
    {
        var (client, channel) = await ClientAsync();
        using var _ = channel;
        var response = await client.GetExercisesAsync(new GetExercisesRequest { Ids = { "wall-sit", "no-such-exercise", "PUSHUPS", "bad id!", "burpee" } });

        response.Exercises.Select(e => e.Id).Should().Equal("wall-sit", "Pushups", "burpee");
        response.MissingIds.Should().Equal("no-such-exercise", "bad id!");
        var pushUp = response.Exercises[1];
        pushUp.PrimaryMuscles.Should().Contain("chest");
        pushUp.Aliases.Should().Contain("press-up");
        pushUp.RowVersion.Should().BePositive();
        pushUp.HasEquipment.Should().BeTrue();

        var tooMany = new GetExercisesRequest();
        tooMany.Ids.AddRange(Enumerable.Range(0, 501).Select(i => $"id-{i}"));
        var error = await FluentActions.Awaiting(() => client.GetExercisesAsync(tooMany)).Should().ThrowAsync<RpcException>();
        error.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task SearchKeyword_ranks_ids_with_scores_and_matched_terms_and_honours_filters()
    {
        var (client, channel) = await ClientAsync();
        using var _ = channel;
        var response = await client.SearchKeywordAsync(new SearchKeywordRequest
        {
            Query = "hamstrng strech",
            Filter = new ExerciseFilter { Categories = { "stretching" } },
            Limit = 10,
        });
        response.Hits.Should().NotBeEmpty();
        response.Hits.Select(h => h.Score).Should().BeInDescendingOrder();
        response.Hits[0].MatchedTerms.Should().BeEquivalentTo(["hamstring", "stretch"]);
        response.Corrections.Should().Contain("hamstrng", "hamstring");
        var details = await client.GetExercisesAsync(new GetExercisesRequest { Ids = { response.Hits.Select(h => h.Id) } });
        details.Exercises.Should().AllSatisfy(e => e.Category.Should().Be("stretching"));

        var invalid = await FluentActions.Awaiting(() => client.SearchKeywordAsync(new SearchKeywordRequest
        {
            Query = "",
            Filter = new ExerciseFilter { Muscles = { "wings" } },
        })).Should().ThrowAsync<RpcException>();
        invalid.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
        invalid.Which.Status.Detail.Should().Contain("query").And.Contain("wings");
    }

    [Fact]
    public async Task GetVocabulary_and_ListExercises_give_an_indexer_everything_it_needs()
    {
        var (client, channel) = await ClientAsync();
        using var _ = channel;
        var vocabulary = await client.GetVocabularyAsync(new GetVocabularyRequest { IncludeWords = true });
        vocabulary.Terms.Where(t => t.Kind == "muscle").Should().HaveCount(17);
        vocabulary.Terms.Single(t => t.Kind == "muscle" && t.Value == "quadriceps").Synonyms.Select(s => s.Text).Should().Contain("quads");
        vocabulary.Terms.Single(t => t.Kind == "equipment" && t.Value == "dumbbell").Synonyms.Should().Contain(s => s.Text == "dumbell" && s.IsMisspelling);
        vocabulary.Words.Select(w => w.Word).Should().Contain(["hamstring", "stretch"]);

        // Both reads at the position earlier tests wrote up to: a replica behind it would list fewer than the count.
        var position = await MetadataApi.CatalogPositionAsync(system);
        var ids = new List<string>();
        var cursor = "";
        do
        {
            var page = await client.ListExercisesAsync(new ListExercisesRequest
            {
                Cursor = cursor, Limit = 97, Consistency = new ReadConsistency { MinLsn = position },
            });
            ids.AddRange(page.Exercises.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor.Length > 0);
        ids.Should().OnlyHaveUniqueItems().And.Contain(["Pushups", "burpee"]);
        using var http = await MetadataApi.ClientAsync(system);
        http.DefaultRequestHeaders.Add("X-Catalog-Lsn", position);
        var facets = await (await http.GetAsync("/api/v1/exercises/facets")).ReadObjectAsync();
        ids.Should().HaveCount((int)facets["total"]!.GetValue<long>());

        var badCursor = await FluentActions.Awaiting(() => client.ListExercisesAsync(new ListExercisesRequest { Cursor = "nope" })).Should().ThrowAsync<RpcException>();
        badCursor.Which.StatusCode.Should().Be(StatusCode.InvalidArgument);
    }

    [Fact]
    public async Task Embedding_versions_are_registered_activated_one_at_a_time_and_retired()
    {
        var (client, channel) = await ClientAsync();
        using var _ = channel;
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var first = $"use-lite-512@0.2.0-{suffix}-a";
        var second = $"use-lite-512@0.2.0-{suffix}-b";

        var registered = await client.RegisterEmbeddingVersionAsync(new() { Id = first, Model = "use-lite", Version = "0.2.0", Dimensions = 512 });
        registered.Status.Should().Be(EmbeddingVersionStatus.Building);
        (await client.RegisterEmbeddingVersionAsync(new() { Id = first, Model = "use-lite", Version = "0.2.0", Dimensions = 512 })).Id.Should().Be(first);
        (await FluentActions.Awaiting(() => client.RegisterEmbeddingVersionAsync(new() { Id = first, Model = "use-lite", Version = "0.2.0", Dimensions = 256 }))
            .Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.AlreadyExists);
        (await FluentActions.Awaiting(() => client.RegisterEmbeddingVersionAsync(new() { Id = "bad id", Model = "m", Version = "v", Dimensions = 0 }))
            .Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.InvalidArgument);

        var active = await client.ActivateEmbeddingVersionAsync(first);
        active.Status.Should().Be(EmbeddingVersionStatus.Active);
        active.ActivatedAt.Should().NotBeNull();

        await client.RegisterEmbeddingVersionAsync(new() { Id = second, Model = "use-lite", Version = "0.2.0", Dimensions = 512 });
        (await client.ActivateEmbeddingVersionAsync(second)).Status.Should().Be(EmbeddingVersionStatus.Active);
        var versions = (await client.ListEmbeddingVersionsAsync()).Versions;
        versions.Single(v => v.Id == first).Status.Should().Be(EmbeddingVersionStatus.Retired);
        versions.Count(v => v.Status == EmbeddingVersionStatus.Active).Should().Be(1);

        (await FluentActions.Awaiting(() => client.RetireEmbeddingVersionAsync(second)).Should().ThrowAsync<RpcException>())
            .Which.StatusCode.Should().Be(StatusCode.FailedPrecondition);
        (await FluentActions.Awaiting(() => client.ActivateEmbeddingVersionAsync("never-registered")).Should().ThrowAsync<RpcException>())
            .Which.StatusCode.Should().Be(StatusCode.NotFound);
        // Rolling back: a retired version can be activated again.
        (await client.ActivateEmbeddingVersionAsync(first)).Status.Should().Be(EmbeddingVersionStatus.Active);
        (await client.RetireEmbeddingVersionAsync(second)).Status.Should().Be(EmbeddingVersionStatus.Retired);
    }

    private async Task<(MetadataGrpcClient Client, GrpcChannel Channel)> ClientAsync()
    {
        await system.EnsureRunningAsync("metadata");
        var channel = system.ServiceChannel(system.Endpoint("metadata", "grpc"));
        return (new MetadataGrpcClient(channel), channel);
    }
}
