using FitnessAssistant.IntegrationTests.Fixtures;
using FitnessAssistant.VectorIndex;
using Xunit.Abstractions;

namespace FitnessAssistant.IntegrationTests.Indexing;

[Collection(SystemCollection.Name)]
public sealed class PgVectorIndexTests(SystemFixture system, ITestOutputHelper output)
{
    private const int Dimensions = 64;

    [Fact]
    public async Task A_version_is_searchable_once_activated_and_every_visible_change_bumps_the_epoch()
    {
        await using var scratch = await ScratchVectorIndex.CreateAsync(system.Postgres);
        var index = scratch.Index;
        var data = new SyntheticVectors(Dimensions, clusters: 8, seed: 1);
        var records = data.Records(300);

        var v1 = await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test");
        (await index.UpsertAsync(v1.Name, SyntheticVectors.Model, records)).Should().Be(new IndexWriteResult(300, false),
            "a building version is invisible to search, so filling it does not move the epoch");
        (await index.AdvanceEpochAsync()).Should().BeNull();
        var searchBeforeActivation = () => index.SearchAsync(new VectorQuery(records[0].Vector, 5));
        await searchBeforeActivation.Should().ThrowAsync<IndexNotReadyException>();

        await index.SealVersionAsync(v1.Name);
        var epoch = await index.ActivateAsync(v1.Name);
        (await index.GetStateAsync()).Should().Be(new IndexState(v1.Name, SyntheticVectors.Model, epoch));

        var result = await index.SearchAsync(new VectorQuery(records[42].Vector, 5));
        result.Version.Should().Be(v1.Name);
        result.Epoch.Should().Be(epoch);
        result.Hits.Should().HaveCount(5);
        result.Hits[0].Id.Should().Be(records[42].Id);
        result.Hits[0].Similarity.Should().BeApproximately(1.0, 1e-5);
        result.Hits.Select(h => h.Similarity).Should().BeInDescendingOrder();

        var moved = records[7] with { SourceVersion = 2, Vector = records[100].Vector };
        (await index.UpsertAsync(v1.Name, SyntheticVectors.Model, [moved])).Should().Be(new IndexWriteResult(1, true));
        (await index.DeleteAsync(v1.Name, [new VectorDeletion(records[8].Id, 1)])).Should().Be(new IndexWriteResult(1, true));
        (await index.GetStateAsync()).Should().Be(new IndexState(v1.Name, SyntheticVectors.Model, epoch, PendingChanges: true),
            "changes are coalesced: the epoch moves once for both");
        (await index.AdvanceEpochAsync()).Should().Be(epoch + 1);
        (await index.AdvanceEpochAsync()).Should().BeNull("nothing changed since");
        (await index.SearchAsync(new VectorQuery(records[8].Vector, 300))).Hits.Select(h => h.Id).Should().NotContain(records[8].Id);
        (await index.CountAsync(v1.Name)).Should().Be(299);
    }

    [Fact]
    public async Task A_version_marked_behind_cannot_be_activated_until_caught_up_and_a_later_mark_keeps_it_behind()
    {
        await using var scratch = await ScratchVectorIndex.CreateAsync(system.Postgres);
        var index = scratch.Index;
        var records = new SyntheticVectors(Dimensions, clusters: 4, seed: 7).Records(10, sourceVersion: 3);
        var v1 = (await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test")).Name;
        var v2 = (await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test")).Name;
        foreach (var version in new[] { v1, v2 })
        {
            await index.UpsertAsync(version, SyntheticVectors.Model, records);
            await index.SealVersionAsync(version);
        }
        await index.DeleteAsync(v2, [new VectorDeletion(records[0].Id, 3)]);
        var epoch = await index.ActivateAsync(v1);

        await index.MarkBehindAsync(v2);
        await index.MarkBehindAsync(v2);
        var behind = (await index.ListVersionsAsync()).Single(v => v.Name == v2);
        behind.MissedChanges.Should().Be(2);
        behind.BehindSince.Should().NotBeNull();
        var activate = () => index.ActivateAsync(v2);
        (await activate.Should().ThrowAsync<IndexVersionBehindException>()).Which.MissedChanges.Should().Be(2);
        (await index.GetStateAsync()).Should().Be(new IndexState(v1, SyntheticVectors.Model, epoch), "a refused activation changes nothing");

        (await index.MarkCaughtUpAsync(v2, missedChanges: 1)).Should().BeFalse("a change was missed after the catch-up read the mark");
        (await index.MarkCaughtUpAsync(v2, missedChanges: 2)).Should().BeTrue();
        (await index.ListVersionsAsync()).Single(v => v.Name == v2).Should().Match<IndexVersion>(v => v.MissedChanges == 0 && v.BehindSince == null);
        (await index.ActivateAsync(v2)).Should().Be(epoch + 1);

        var stored = await index.ListSourceVersionsAsync(v2);
        stored.Should().HaveCount(9, "tombstones are left out").And.NotContainKey(records[0].Id);
        stored.Values.Should().AllBeEquivalentTo(3L);
    }

    [Fact]
    public async Task Repeated_and_stale_writes_change_nothing_and_a_tombstone_outlives_older_upserts()
    {
        await using var scratch = await ScratchVectorIndex.CreateAsync(system.Postgres);
        var index = scratch.Index;
        var records = new SyntheticVectors(Dimensions, clusters: 4, seed: 2).Records(20, sourceVersion: 5);
        var version = (await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test")).Name;
        await index.SealVersionAsync(version);
        var epoch = await index.ActivateAsync(version);

        (await index.UpsertAsync(version, SyntheticVectors.Model, records)).Changed.Should().Be(20);
        var afterFirstWrite = await index.AdvanceEpochAsync();
        afterFirstWrite.Should().Be(epoch + 1);

        (await index.UpsertAsync(version, SyntheticVectors.Model, records)).Should().Be(IndexWriteResult.Unchanged, "the same event delivered twice");
        var stale = records[3] with { SourceVersion = 4, Attributes = records[3].Attributes with { Level = "expert" } };
        (await index.UpsertAsync(version, SyntheticVectors.Model, [stale])).Should().Be(IndexWriteResult.Unchanged, "an older row version arriving late");
        (await index.GetAsync(version, [records[3].Id])).Single().Attributes.Level.Should().Be(records[3].Attributes.Level);
        (await index.AdvanceEpochAsync()).Should().BeNull("repeated and stale writes changed nothing");

        (await index.DeleteAsync(version, [new VectorDeletion(records[3].Id, 5)])).Changed.Should().Be(1);
        (await index.DeleteAsync(version, [new VectorDeletion(records[3].Id, 5)])).Should().Be(IndexWriteResult.Unchanged, "a repeated delete");
        (await index.UpsertAsync(version, SyntheticVectors.Model, [records[3]])).Should().Be(IndexWriteResult.Unchanged,
            "the upsert the delete followed must not bring the exercise back");
        (await index.GetAsync(version, [records[3].Id])).Should().BeEmpty();
        var search = await index.SearchAsync(new VectorQuery(records[3].Vector, 20));
        search.Hits.Select(h => h.Id).Should().NotContain(records[3].Id);
        (await index.AdvanceEpochAsync()).Should().Be(afterFirstWrite + 1, "only the first delete changed what search sees");

        (await index.UpsertAsync(version, SyntheticVectors.Model, [records[3] with { SourceVersion = 6 }])).Changed.Should().Be(1, "a newer version restores it");
        (await index.SearchAsync(new VectorQuery(records[3].Vector, 1))).Hits.Single().Id.Should().Be(records[3].Id);
    }

    [Fact]
    public async Task Filters_hold_for_every_hit_and_approximate_filtered_search_keeps_recall_against_exact_search()
    {
        await using var scratch = await ScratchVectorIndex.CreateAsync(system.Postgres);
        var index = scratch.Index;
        var data = new SyntheticVectors(Dimensions, clusters: 24, seed: 3);
        var records = data.Records(6000);
        var version = (await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test")).Name;
        await index.UpsertAsync(version, SyntheticVectors.Model, records);
        await index.SealVersionAsync(version);
        await index.ActivateAsync(version);

        ExerciseFilters[] filters =
        [
            ExerciseFilters.Empty,
            Filters((FacetField.Category, ["strength"])),
            Filters((FacetField.Muscle, ["hamstrings"]), (FacetField.Level, ["beginner"])),
            Filters((FacetField.Equipment, ["BANDS"]), (FacetField.Force, ["push"]), (FacetField.Mechanic, ["isolation"])), // ~1%, mostly off-cluster
            Filters((FacetField.Muscle, ["neck"]), (FacetField.Category, ["cardio"])),                                      // < 1%
        ];
        var byId = records.ToDictionary(r => r.Id);
        foreach (var filter in filters)
        {
            double found = 0, expected = 0;
            for (var q = 0; q < 10; q++)
            {
                var vector = data.Query();
                var exact = await index.SearchAsync(new VectorQuery(vector, 10) { Filter = filter, Exact = true });
                var approximate = await index.SearchAsync(new VectorQuery(vector, 10) { Filter = filter });

                foreach (var hit in approximate.Hits)
                {
                    FilterTruth.Matches(byId[hit.Id].Attributes, filter).Should().BeTrue($"{hit.Id} must satisfy {filter}");
                }
                approximate.Hits.Should().HaveSameCount(exact.Hits, "iterative scans keep going until k rows pass the filter");
                expected += exact.Hits.Count;
                found += approximate.Hits.Select(h => h.Id).Intersect(exact.Hits.Select(h => h.Id)).Count();
            }
            output.WriteLine($"recall@10 {found / expected:F3} over {expected} exact hits: {filter}");
            (found / expected).Should().BeGreaterThanOrEqualTo(0.9, $"recall@10 of the filter {filter}");
        }
    }

    [Fact]
    public async Task Switching_versions_is_atomic_and_only_an_inactive_version_can_be_retired()
    {
        await using var scratch = await ScratchVectorIndex.CreateAsync(system.Postgres);
        var index = scratch.Index;
        var records = new SyntheticVectors(Dimensions, clusters: 4, seed: 4).Records(50);
        var otherModel = new EmbeddingModel("synthetic", "2");

        var v1 = (await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test")).Name;
        await index.UpsertAsync(v1, SyntheticVectors.Model, records);
        var activateBuilding = () => index.ActivateAsync(v1);
        await activateBuilding.Should().ThrowAsync<InvalidOperationException>("a building version is not complete");
        await index.SealVersionAsync(v1);
        var first = await index.ActivateAsync(v1);

        var v2 = (await index.CreateVersionAsync(otherModel, Dimensions, "test")).Name;
        var wrongModel = () => index.UpsertAsync(v2, SyntheticVectors.Model, records);
        await wrongModel.Should().ThrowAsync<EmbeddingModelMismatchException>();
        await index.UpsertAsync(v2, otherModel, records.Take(10).ToList());
        await index.SealVersionAsync(v2);
        (await index.SearchAsync(new VectorQuery(records[0].Vector, 50))).Hits.Should().HaveCount(50, "v1 is still the active one");

        await index.UpsertAsync(v1, SyntheticVectors.Model, [records[0] with { SourceVersion = 2 }]);
        var second = await index.ActivateAsync(v2);
        second.Should().Be(first + 1, "an activation covers the pending change too");
        (await index.AdvanceEpochAsync()).Should().BeNull();
        var afterSwitch = await index.SearchAsync(new VectorQuery(records[0].Vector, 50) { Model = otherModel });
        (afterSwitch.Version, afterSwitch.Hits.Count).Should().Be((v2, 10));
        var oldModelQuery = () => index.SearchAsync(new VectorQuery(records[0].Vector, 5) { Model = SyntheticVectors.Model });
        await oldModelQuery.Should().ThrowAsync<EmbeddingModelMismatchException>();

        var v3 = (await index.CreateVersionAsync(otherModel, Dimensions, "test")).Name;
        await index.FailVersionAsync(v3, "self-retrieval 40 % < 99 %");
        var activateFailed = () => index.ActivateAsync(v3);
        await activateFailed.Should().ThrowAsync<InvalidOperationException>();
        (await index.ListVersionsAsync()).Select(v => (v.Name, v.State, v.IsActive, v.Failure)).Should().Equal(
            (v1, IndexVersionState.Ready, false, null), (v2, IndexVersionState.Ready, true, null),
            (v3, IndexVersionState.Failed, false, "self-retrieval 40 % < 99 %"));
        await index.RetireAsync(v3);
        var retireActive = () => index.RetireAsync(v2);
        await retireActive.Should().ThrowAsync<InvalidOperationException>();
        await index.RetireAsync(v1);
        (await index.ListVersionsAsync()).Select(v => v.Name).Should().Equal(v2);
        var searchRetired = () => index.SearchAsync(new VectorQuery(records[0].Vector, 5) { Version = v1 });
        await searchRetired.Should().ThrowAsync<IndexNotReadyException>();
        (await scratch.ScalarAsync<long>($"SELECT count(*) FROM pg_tables WHERE tablename = 'vectors_{v1}'")).Should().Be(0);
    }

    [Fact]
    public async Task Invalid_vectors_are_rejected_with_a_reason_and_nothing_is_written()
    {
        await using var scratch = await ScratchVectorIndex.CreateAsync(system.Postgres);
        var index = scratch.Index;
        var good = new SyntheticVectors(Dimensions, clusters: 2, seed: 5).Records(2);
        var version = (await index.CreateVersionAsync(SyntheticVectors.Model, Dimensions, "test")).Name;

        foreach (var bad in new[]
                 {
                     good[1] with { Vector = new float[Dimensions - 1] },
                     good[1] with { Vector = new float[Dimensions] },
                     good[1] with { Vector = Enumerable.Repeat(float.NaN, Dimensions).ToArray() },
                     good[1] with { Id = "" },
                 })
        {
            var write = () => index.UpsertAsync(version, SyntheticVectors.Model, [good[0], bad]);
            await write.Should().ThrowAsync<ArgumentException>();
        }
        (await index.CountAsync(version)).Should().Be(0);
    }

    private static ExerciseFilters Filters(params (FacetField Field, string[] Values)[] values)
        => new(values.Select(v => KeyValuePair.Create(v.Field, (IEnumerable<string>)v.Values)));
}
