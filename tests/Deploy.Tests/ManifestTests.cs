namespace FitnessAssistant.Deploy.Tests;

/// <summary>
/// The offline validator of <c>deploy/</c> (no cluster, no kubectl here): strict schema load, then the rules a
/// platform team would otherwise find out about in production (docs/deployment.md, "Validating the manifests").
/// </summary>
public sealed class ManifestTests
{
    private static readonly Manifests Repository = Manifests.LoadRepository();

    [Fact]
    public void Every_manifest_loads_into_the_typed_models_and_runs_every_service_in_the_namespace()
    {
        Repository.Objects.Should().NotBeEmpty();
        Repository.Workloads.Select(w => w.Name).Should().OnlyHaveUniqueItems();
        ManifestRules.Namespaced(Repository).Should().BeEmpty();
    }

    [Fact]
    public void Every_container_is_probed_ready_on_health_and_alive_on_alive_on_a_declared_port()
        => ManifestRules.Probes(Repository).Should().BeEmpty();

    [Fact]
    public void Every_container_requests_and_limits_cpu_and_memory()
        => ManifestRules.Resources(Repository).Should().BeEmpty();

    [Fact]
    public async Task Every_service_of_the_AppHost_gets_every_connection_string_address_and_endpoint_the_AppHost_gives_it()
    {
        var appHost = await AppHostModel.ServiceEnvironmentsAsync();

        appHost.Keys.Should().Contain(["gateway", "search", "embedding", "metadata", "indexing"], "the AppHost's model was read");
        appHost.Values.SelectMany(v => v).Should().Contain(v => v.Name.StartsWith("ConnectionStrings__") && v.Secret);
        ManifestRules.AppHostEnvironment(Repository, appHost).Should().BeEmpty();
    }

    [Fact]
    public void No_credential_is_written_in_the_manifests()
        => ManifestRules.Secrets(Repository).Should().BeEmpty();

    [Fact]
    public void Every_pod_runs_in_Production_without_root_privileges_or_a_service_account_token()
        => ManifestRules.Hardening(Repository).Should().BeEmpty();

    [Fact]
    public void Every_Kestrel_endpoint_listens_on_its_container_port()
        => ManifestRules.KestrelEndpoints(Repository).Should().BeEmpty();

    [Fact]
    public void Every_service_address_reaches_the_named_endpoint_of_the_service_it_names()
        => ManifestRules.ServiceAddresses(Repository).Should().BeEmpty();

    [Fact]
    public void Every_Service_selects_one_workload_on_ports_it_declares()
        => ManifestRules.Services(Repository).Should().BeEmpty();

    [Fact]
    public void Every_autoscaler_targets_a_workload_in_the_manifests()
        => ManifestRules.Autoscalers(Repository).Should().BeEmpty();

    [Fact]
    public void Every_workload_has_one_disruption_budget_that_still_lets_a_node_drain()
        => ManifestRules.DisruptionBudgets(Repository).Should().BeEmpty();

    [Fact]
    public void Ingress_is_denied_by_default_and_every_internal_call_is_allowed_by_a_policy()
        => ManifestRules.NetworkPolicies(Repository).Should().BeEmpty();
}
