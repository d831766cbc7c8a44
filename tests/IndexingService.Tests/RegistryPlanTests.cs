using FitnessAssistant.IndexingService.Registry;
using FitnessAssistant.Metadata.V1;
using FitnessAssistant.VectorIndex;

namespace FitnessAssistant.IndexingService.Tests;

public sealed class RegistryPlanTests
{
    private static readonly EmbeddingModel Model = new("use-lite-en", "0.2.0");

    [Fact]
    public void A_version_is_named_by_model_model_version_and_index_version()
        => RegistryPlan.IdOf(Version("v3", IndexVersionState.Building)).Should().Be("use-lite-en@0.2.0-v3");

    [Fact]
    public void A_new_build_is_registered_with_its_model_and_dimensions()
    {
        var steps = RegistryPlan.Plan([Version("v1", IndexVersionState.Building)], []);

        steps.Should().ContainSingle().Which.Should().Match<RegistryStep>(s => s.Action == RegistryAction.Register && s.Id == "use-lite-en@0.2.0-v1");
        steps[0].Registration.Should().Be(new RegisterEmbeddingVersionRequest { Id = "use-lite-en@0.2.0-v1", Model = "use-lite-en", Version = "0.2.0", Dimensions = 512 });
    }

    [Fact]
    public void An_active_version_the_registry_never_heard_of_is_registered_before_it_is_activated()
    {
        var steps = RegistryPlan.Plan([Version("v1", IndexVersionState.Ready, active: true)], []);

        steps.Select(s => s.ToString()).Should().Equal("register use-lite-en@0.2.0-v1", "activate use-lite-en@0.2.0-v1");
    }

    [Fact]
    public void After_a_switch_only_the_new_version_is_activated_the_registry_retires_the_old_one_itself()
    {
        var live = new[] { Version("v1", IndexVersionState.Ready), Version("v2", IndexVersionState.Ready, active: true) };
        var registry = new[] { Entry("v1", EmbeddingVersionStatus.Active), Entry("v2", EmbeddingVersionStatus.Building) };

        RegistryPlan.Plan(live, registry).Select(s => s.ToString()).Should().Equal("activate use-lite-en@0.2.0-v2");
    }

    [Fact]
    public void A_previous_version_the_registry_never_heard_of_is_recorded_as_retired()
    {
        var live = new[] { Version("v1", IndexVersionState.Ready), Version("v2", IndexVersionState.Ready, active: true) };

        RegistryPlan.Plan(live, [Entry("v2", EmbeddingVersionStatus.Active)]).Select(s => s.ToString())
            .Should().Equal("register use-lite-en@0.2.0-v1", "retire use-lite-en@0.2.0-v1");
    }

    [Fact]
    public void Failed_and_dropped_versions_are_retired_and_other_tools_entries_are_left_alone()
    {
        var live = new[] { Version("v2", IndexVersionState.Ready, active: true), Version("v3", IndexVersionState.Failed) };
        var registry = new[]
        {
            Entry("v1", EmbeddingVersionStatus.Retired),
            Entry("v2", EmbeddingVersionStatus.Active),
            Entry("v3", EmbeddingVersionStatus.Building),
            Entry("v0", EmbeddingVersionStatus.Building),
            new EmbeddingVersion { Id = "use-lite-512@0.2.0-r2", Model = "use-lite", Version = "0.2.0", Status = EmbeddingVersionStatus.Building },
        };

        RegistryPlan.Plan(live, registry).Select(s => s.ToString()).Should().Equal("retire use-lite-en@0.2.0-v3", "retire use-lite-en@0.2.0-v0");
    }

    [Fact]
    public void A_registry_that_matches_the_index_needs_nothing()
    {
        var live = new[] { Version("v1", IndexVersionState.Ready), Version("v2", IndexVersionState.Ready, active: true), Version("v3", IndexVersionState.Building) };
        var registry = new[] { Entry("v1", EmbeddingVersionStatus.Retired), Entry("v2", EmbeddingVersionStatus.Active), Entry("v3", EmbeddingVersionStatus.Building) };

        RegistryPlan.Plan(live, registry).Should().BeEmpty();
    }

    [Fact]
    public void With_no_active_version_the_registry_keeps_its_active_entry_rather_than_having_none()
    {
        var registry = new[] { Entry("v5", EmbeddingVersionStatus.Active) };

        RegistryPlan.Plan([Version("v1", IndexVersionState.Building)], registry).Select(s => s.ToString()).Should().Equal("register use-lite-en@0.2.0-v1");
    }

    private static IndexVersion Version(string name, IndexVersionState state, bool active = false)
        => new(name, Model, 512, "card-v2", state, active, DateTimeOffset.UnixEpoch, null, null);

    private static EmbeddingVersion Entry(string name, EmbeddingVersionStatus status)
        => new() { Id = $"{Model.Id}@{Model.Version}-{name}", Model = Model.Id, Version = Model.Version, Dimensions = 512, Status = status };
}
