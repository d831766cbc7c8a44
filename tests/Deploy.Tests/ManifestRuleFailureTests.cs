namespace FitnessAssistant.Deploy.Tests;

/// <summary>The rules catch what they are for: each broken manifest below is reported, naming what is wrong.</summary>
public sealed class ManifestRuleFailureTests
{
    private const string Api = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: api, namespace: fitnessassistant }
        spec:
          replicas: 2
          selector: { matchLabels: { app: api } }
          template:
            metadata: { labels: { app: api } }
            spec:
              containers:
                - name: api
                  image: example/api:1
                  ports: [ { name: http, containerPort: 8080 } ]
                  env:
                    - { name: Kestrel__Endpoints__http__Url, value: "http://0.0.0.0:8080" }
        """;

    /// <summary>A field of the container above (ten spaces in).</summary>
    private static string ContainerField(string yaml) => "\n" + new string(' ', 10) + yaml;

    /// <summary>One more entry of the container's env list (twelve spaces in).</summary>
    private static string EnvEntry(string yaml) => "\n" + new string(' ', 12) + "- " + yaml;

    [Fact]
    public void A_misspelt_field_fails_the_load()
    {
        var load = () => Manifests.Load([("bad.yaml", Api.Replace("replicas: 2", "replica: 2"))]);

        load.Should().Throw<Exception>();
    }

    [Fact]
    public void A_container_without_probes_or_with_a_probe_on_an_undeclared_port_is_reported()
    {
        var withoutProbes = Manifests.Load([("api.yaml", Api)]);
        var wrongPort = Manifests.Load([("api.yaml", Api
            + ContainerField("readinessProbe: { httpGet: { path: /health, port: 9090 } }")
            + ContainerField("livenessProbe: { httpGet: { path: /health, port: http } }"))]);

        ManifestRules.Probes(withoutProbes).Should().Contain(p => p.Contains("no HTTP readiness probe")).And.Contain(p => p.Contains("no HTTP liveness probe"));
        ManifestRules.Probes(wrongPort).Should().Contain(p => p.Contains("port '9090'")).And.Contain(p => p.Contains("liveness probe on '/health'"));
    }

    [Fact]
    public void A_pod_that_may_run_as_root_or_outside_Production_is_reported()
        => ManifestRules.Hardening(Manifests.Load([("api.yaml", Api)])).Should()
            .Contain(p => p.Contains("non-root")).And.Contain(p => p.Contains("Production")).And.Contain(p => p.Contains("automountServiceAccountToken"));

    [Fact]
    public void Missing_resources_are_reported()
        => ManifestRules.Resources(Manifests.Load([("api.yaml", Api)])).Should().Contain(p => p.Contains("cpu request and limit"));

    [Fact]
    public void A_variable_the_AppHost_gives_that_is_missing_or_inline_instead_of_from_a_Secret_is_reported()
    {
        var manifests = Manifests.Load([("api.yaml", Api + EnvEntry("{ name: ConnectionStrings__catalogdb, value: \"Host=db;Password=hunter2\" }"))]);
        var appHost = new Dictionary<string, IReadOnlyList<ServiceVariable>>
        {
            ["api"] = [new("ConnectionStrings__catalogdb", Secret: true), new("services__search__http__0", Secret: false)],
            ["worker"] = [],
        };

        ManifestRules.AppHostEnvironment(manifests, appHost).Should().BeEquivalentTo(
            "Deployment api: ConnectionStrings__catalogdb holds a secret and must come from a secretKeyRef",
            "Deployment api: services__search__http__0 is missing (the AppHost gives it)",
            "the AppHost's service 'worker' has no Deployment or StatefulSet");
        ManifestRules.Secrets(manifests).Should().Contain(p => p.Contains("credential written inline"));
    }

    [Fact]
    public void An_autoscaler_or_budget_for_a_workload_that_is_not_there_is_reported()
    {
        var manifests = Manifests.Load([("api.yaml", Api), ("scaling.yaml", """
            apiVersion: autoscaling/v2
            kind: HorizontalPodAutoscaler
            metadata: { name: apii, namespace: fitnessassistant }
            spec:
              scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: apii }
              minReplicas: 2
              maxReplicas: 4
              metrics: [ { type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 60 } } } ]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: { name: api, namespace: fitnessassistant }
            spec:
              minAvailable: 2
              selector: { matchLabels: { app: api } }
            """)]);

        ManifestRules.Autoscalers(manifests).Should().ContainSingle(p => p.Contains("Deployment apii, which is not in the manifests"));
        ManifestRules.DisruptionBudgets(manifests).Should().ContainSingle(p => p.Contains("blocks every node drain"));
    }

    [Fact]
    public void A_call_between_services_that_no_policy_allows_is_reported()
    {
        var caller = Api.Replace("name: api,", "name: web,").Replace("app: api", "app: web").Replace("name: api\n", "name: web\n")
            + EnvEntry("{ name: services__api__http__0, value: \"http://api:8080\" }");
        var manifests = Manifests.Load([("api.yaml", Api), ("web.yaml", caller), ("policy.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: { name: default-deny, namespace: fitnessassistant }
            spec: { podSelector: {}, policyTypes: [Ingress] }
            """)]);

        ManifestRules.NetworkPolicies(manifests).Should().ContainSingle().Which.Should().Contain("web reach api's 'http' port 8080");
    }
}
