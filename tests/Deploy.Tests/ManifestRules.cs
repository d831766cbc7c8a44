using System.Text.RegularExpressions;
using k8s.Models;

namespace FitnessAssistant.Deploy.Tests;

/// <summary>
/// What the manifests must get right, each rule a list of problems (empty = holds), so that a test can show a rule
/// catching a broken manifest as well as passing the real ones.
/// </summary>
public static partial class ManifestRules
{
    public const string Namespace = "fitnessassistant";

    /// <summary>Names of variables the AppHost gives that a deployment must give too: connections, addresses, listeners.</summary>
    private static readonly string[] RequiredPrefixes = ["ConnectionStrings__", "services__", "Kestrel__Endpoints__"];

    /// <summary>The AppHost's development API key; a deployment mounts its keys file instead (ApiKeys__File).</summary>
    private const string DevelopmentKeyPrefix = "ApiKeys__Keys__";

    public static IEnumerable<string> Namespaced(Manifests manifests)
    {
        foreach (var (source, manifest) in manifests.Objects)
        {
            if (manifest is IMetadata<V1ObjectMeta> { Metadata: var metadata } and not V1Namespace && metadata.NamespaceProperty != Namespace)
            {
                yield return $"{source}: {metadata.Name} is in namespace '{metadata.NamespaceProperty}', not '{Namespace}'";
            }
        }
    }

    /// <summary>Readiness on <c>/health</c> (dependencies included), liveness on <c>/alive</c> (the process), on a declared port.</summary>
    public static IEnumerable<string> Probes(Manifests manifests)
    {
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                var at = $"{workload.Kind} {workload.Name}, container {container.Name}";
                foreach (var (kind, probe, path) in new[] { ("readiness", container.ReadinessProbe, "/health"), ("liveness", container.LivenessProbe, "/alive") })
                {
                    if (probe?.HttpGet is not { } get)
                    {
                        yield return $"{at}: no HTTP {kind} probe";
                    }
                    else if (get.Path != path)
                    {
                        yield return $"{at}: {kind} probe on '{get.Path}', not '{path}'";
                    }
                }
                foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
                {
                    if (probe?.HttpGet is { } get && ContainerPort(container, get.Port.Value) is null)
                    {
                        yield return $"{at}: a probe targets port '{get.Port.Value}', which the container does not declare";
                    }
                }
            }
        }
    }

    /// <summary>CPU and memory requested (scheduling, HPA utilisation) and limited, the request within the limit.</summary>
    public static IEnumerable<string> Resources(Manifests manifests)
    {
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    ResourceQuantity? request = null, limit = null;
                    container.Resources?.Requests?.TryGetValue(resource, out request);
                    container.Resources?.Limits?.TryGetValue(resource, out limit);
                    if (request is null || limit is null)
                    {
                        yield return $"{workload.Kind} {workload.Name}, container {container.Name}: {resource} request and limit are both required";
                    }
                    else if (request.ToDecimal() > limit.ToDecimal())
                    {
                        yield return $"{workload.Kind} {workload.Name}, container {container.Name}: {resource} request {request} above its limit {limit}";
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every service the AppHost declares runs as a workload of that name, with every connection string, service
    /// address and Kestrel endpoint variable the AppHost gives it, and every secret it gives (the development API key
    /// excepted) taken from a Secret.
    /// </summary>
    public static IEnumerable<string> AppHostEnvironment(Manifests manifests, IReadOnlyDictionary<string, IReadOnlyList<ServiceVariable>> appHost)
    {
        foreach (var (service, variables) in appHost)
        {
            var workload = manifests.Workloads.FirstOrDefault(w => w.Name == service);
            if (workload is null)
            {
                yield return $"the AppHost's service '{service}' has no Deployment or StatefulSet";
                continue;
            }
            var env = workload.Containers.SelectMany(c => c.Env ?? []).ToDictionary(e => e.Name);
            foreach (var variable in variables)
            {
                var required = RequiredPrefixes.Any(variable.Name.StartsWith) || (variable.Secret && !variable.Name.StartsWith(DevelopmentKeyPrefix));
                if (!env.TryGetValue(variable.Name, out var given))
                {
                    if (required && !BalancedByService(manifests, env, variable.Name) && !ShellSafeAlias(env, variable.Name))
                    {
                        yield return $"{workload.Kind} {service}: {variable.Name} is missing (the AppHost gives it)";
                    }
                }
                else if (variable.Secret && given.ValueFrom?.SecretKeyRef is null)
                {
                    yield return $"{workload.Kind} {service}: {variable.Name} holds a secret and must come from a secretKeyRef";
                }
            }
        }
    }

    /// <summary>
    /// Aspire gives a connection string whose name has a dash twice: as named (<c>ConnectionStrings__catalogdb-read</c>,
    /// what the service reads) and with underscores for shells (<c>ConnectionStrings__catalogdb_read</c>); the manifest
    /// gives the first.
    /// </summary>
    private static bool ShellSafeAlias(IReadOnlyDictionary<string, V1EnvVar> env, string variable)
        => env.Keys.Any(name => name != variable && name.Contains('-') && name.Replace('-', '_') == variable);

    /// <summary>
    /// A further instance address the AppHost gives (<c>services__search__http__1</c>) where the manifest gives the
    /// first and that service is a Deployment: its pods sit behind one Kubernetes Service, which balances, so one
    /// address stands for every instance (a StatefulSet's pods are each listed).
    /// </summary>
    private static bool BalancedByService(Manifests manifests, IReadOnlyDictionary<string, V1EnvVar> env, string variable)
        => InstanceAddress().Match(variable) is { Success: true } match
           && env.ContainsKey($"services__{match.Groups["service"].Value}__{match.Groups["endpoint"].Value}__0")
           && manifests.Workloads.Any(w => w.Name == match.Groups["service"].Value && w.Kind == "Deployment");

    [GeneratedRegex(@"^services__(?<service>[a-z-]+)__(?<endpoint>[a-z]+)__[1-9][0-9]*$")]
    private static partial Regex InstanceAddress();

    /// <summary>No credential written into a manifest: connection strings and keys come from Secrets created outside it.</summary>
    public static IEnumerable<string> Secrets(Manifests manifests)
    {
        foreach (var secret in manifests.OfKind<V1Secret>())
        {
            if (secret.Data is { Count: > 0 } || secret.StringData is { Count: > 0 })
            {
                yield return $"Secret {secret.Metadata.Name} carries data in the manifests";
            }
        }
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                if (container.EnvFrom is { Count: > 0 })
                {
                    yield return $"{workload.Kind} {workload.Name}: envFrom hides which variables a container gets; name each one";
                }
                foreach (var variable in container.Env ?? [])
                {
                    if (variable.Name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && variable.ValueFrom?.SecretKeyRef is null)
                    {
                        yield return $"{workload.Kind} {workload.Name}: {variable.Name} must come from a secretKeyRef";
                    }
                    if (variable.Value is { } value && LooksLikeCredential().IsMatch(value))
                    {
                        yield return $"{workload.Kind} {workload.Name}: {variable.Name} has a credential written inline";
                    }
                }
            }
        }
    }

    /// <summary>
    /// Pods run as the Production environment, without root, privilege escalation, capabilities, a writable root file
    /// system or a service-account token (the services need none: they talk to no Kubernetes API).
    /// </summary>
    public static IEnumerable<string> Hardening(Manifests manifests)
    {
        foreach (var workload in manifests.Workloads)
        {
            var pod = workload.Template.Spec;
            if (pod.AutomountServiceAccountToken != false)
            {
                yield return $"{workload.Kind} {workload.Name}: automountServiceAccountToken must be false";
            }
            if (pod.SecurityContext?.RunAsNonRoot != true)
            {
                yield return $"{workload.Kind} {workload.Name}: the pod must run as non-root";
            }
            foreach (var container in workload.Containers)
            {
                var at = $"{workload.Kind} {workload.Name}, container {container.Name}";
                var security = container.SecurityContext;
                if (security?.AllowPrivilegeEscalation != false || security.ReadOnlyRootFilesystem != true
                    || security.Capabilities?.Drop?.Contains("ALL") != true)
                {
                    yield return $"{at}: needs allowPrivilegeEscalation false, readOnlyRootFilesystem true and capabilities drop ALL";
                }
                if (container.Env?.FirstOrDefault(e => e.Name == "ASPNETCORE_ENVIRONMENT")?.Value != "Production")
                {
                    yield return $"{at}: ASPNETCORE_ENVIRONMENT must be Production";
                }
            }
        }
    }

    /// <summary>Each Kestrel endpoint listens on the container port of the same name.</summary>
    public static IEnumerable<string> KestrelEndpoints(Manifests manifests)
    {
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                foreach (var variable in container.Env ?? [])
                {
                    if (KestrelUrl().Match(variable.Name) is not { Success: true } match)
                    {
                        continue;
                    }
                    var endpoint = match.Groups["endpoint"].Value;
                    var port = container.Ports?.FirstOrDefault(p => p.Name == endpoint);
                    if (port is null)
                    {
                        yield return $"{workload.Kind} {workload.Name}: Kestrel endpoint '{endpoint}' has no container port of that name";
                    }
                    else if (!Uri.TryCreate(variable.Value, UriKind.Absolute, out var url) || url.Port != port.ContainerPort)
                    {
                        yield return $"{workload.Kind} {workload.Name}: Kestrel endpoint '{endpoint}' listens on '{variable.Value}', its container port is {port.ContainerPort}";
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every <c>services__{service}__{endpoint}__{i}</c> reaches that service's endpoint: through the Service of that name
    /// (a Deployment), or one entry per pod of a StatefulSet by its stable name <c>{service}-{n}.{service}</c>.
    /// </summary>
    public static IEnumerable<string> ServiceAddresses(Manifests manifests)
    {
        var services = manifests.OfKind<V1Service>().ToDictionary(s => s.Metadata.Name);
        foreach (var caller in manifests.Workloads)
        {
            var addresses = caller.Containers.SelectMany(c => c.Env ?? [])
                .Select(e => (Variable: e, Match: ServiceAddress().Match(e.Name)))
                .Where(e => e.Match.Success)
                .GroupBy(e => (Service: e.Match.Groups["service"].Value, Endpoint: e.Match.Groups["endpoint"].Value));
            foreach (var group in addresses)
            {
                var (service, endpoint) = group.Key;
                var at = $"{caller.Kind} {caller.Name}: services__{service}__{endpoint}";
                var target = manifests.Workloads.FirstOrDefault(w => w.Name == service);
                var port = target?.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == endpoint);
                if (target is null || port is null)
                {
                    yield return $"{at}: no workload '{service}' with a container port '{endpoint}'";
                    continue;
                }
                var indexes = group.Select(e => int.Parse(e.Match.Groups["index"].Value)).Order().ToList();
                if (!indexes.SequenceEqual(Enumerable.Range(0, indexes.Count)))
                {
                    yield return $"{at}: indexes {string.Join(", ", indexes)} are not 0..n-1";
                }
                var expectedHosts = target.Kind == "StatefulSet"
                    ? [.. Enumerable.Range(0, target.Replicas).Select(n => $"{service}-{n}.{target.ServiceName}")]
                    : new[] { service };
                var hosts = group.Select(e => Uri.TryCreate(e.Variable.Value, UriKind.Absolute, out var uri) ? uri : null).ToList();
                if (hosts.Any(h => h is null) || !hosts.Select(h => h!.Host).Order().SequenceEqual(expectedHosts.Order()))
                {
                    yield return $"{at}: addresses {string.Join(", ", group.Select(e => e.Variable.Value))} are not the {string.Join(", ", expectedHosts)} of the {target.Kind}";
                    continue;
                }
                var serviceName = target.ServiceName ?? service;
                if (!services.TryGetValue(serviceName, out var kubernetesService)
                    || !target.IsSelectedBy(kubernetesService.Spec.Selector)
                    || kubernetesService.Spec.Ports.FirstOrDefault(p => p.Port == hosts[0]!.Port) is not { } servicePort
                    || ContainerPort(target.Containers.First(), servicePort.TargetPort?.Value ?? servicePort.Port.ToString()) != port)
                {
                    yield return $"{at}: Service '{serviceName}' does not select {target.Kind} {service} with port {hosts[0]!.Port} reaching its '{endpoint}' port";
                }
            }
        }
    }

    /// <summary>Each Service selects the pods of exactly one workload and forwards to ports they declare.</summary>
    public static IEnumerable<string> Services(Manifests manifests)
    {
        foreach (var service in manifests.OfKind<V1Service>())
        {
            var selected = manifests.Workloads.Where(w => w.IsSelectedBy(service.Spec.Selector)).ToList();
            if (selected.Count != 1)
            {
                yield return $"Service {service.Metadata.Name} selects {selected.Count} workloads";
                continue;
            }
            foreach (var port in service.Spec.Ports)
            {
                if (ContainerPort(selected[0].Containers.First(), port.TargetPort?.Value ?? port.Port.ToString()) is null)
                {
                    yield return $"Service {service.Metadata.Name}: port {port.Port} targets '{port.TargetPort?.Value}', which {selected[0].Name} does not declare";
                }
            }
        }
    }

    /// <summary>Each autoscaler scales a workload that exists, within sane bounds, on at least one metric.</summary>
    public static IEnumerable<string> Autoscalers(Manifests manifests)
    {
        foreach (var hpa in manifests.OfKind<V2HorizontalPodAutoscaler>())
        {
            var target = hpa.Spec.ScaleTargetRef;
            if (!manifests.Workloads.Any(w => w.Kind == target.Kind && w.Name == target.Name && target.ApiVersion == "apps/v1"))
            {
                yield return $"HPA {hpa.Metadata.Name} targets {target.ApiVersion} {target.Kind} {target.Name}, which is not in the manifests";
            }
            if (hpa.Spec.MinReplicas is not { } min || min < 2 || min > hpa.Spec.MaxReplicas)
            {
                yield return $"HPA {hpa.Metadata.Name}: minReplicas must be at least 2 (one replica has no failover) and at most maxReplicas";
            }
            if (hpa.Spec.Metrics is not { Count: > 0 })
            {
                yield return $"HPA {hpa.Metadata.Name} has no metric";
            }
        }
    }

    /// <summary>Each disruption budget selects the pods of exactly one workload, and none blocks every eviction.</summary>
    public static IEnumerable<string> DisruptionBudgets(Manifests manifests)
    {
        foreach (var pdb in manifests.OfKind<V1PodDisruptionBudget>())
        {
            var selected = manifests.Workloads.Where(w => w.IsSelectedBy(pdb.Spec.Selector?.MatchLabels)).ToList();
            if (selected.Count != 1)
            {
                yield return $"PDB {pdb.Metadata.Name} selects {selected.Count} workloads";
            }
            else if (pdb.Spec.MinAvailable?.Value is { } min && int.TryParse(min, out var count) && count >= selected[0].Replicas)
            {
                yield return $"PDB {pdb.Metadata.Name}: minAvailable {count} with {selected[0].Replicas} replicas blocks every node drain";
            }
        }
        foreach (var workload in manifests.Workloads)
        {
            if (!manifests.OfKind<V1PodDisruptionBudget>().Any(pdb => workload.IsSelectedBy(pdb.Spec.Selector?.MatchLabels)))
            {
                yield return $"{workload.Kind} {workload.Name} has no PodDisruptionBudget";
            }
        }
    }

    /// <summary>
    /// With ingress denied by default, every call a service makes to another (its <c>services__*</c> variables) is
    /// allowed by a NetworkPolicy from the caller's pods to that port of the callee's pods.
    /// </summary>
    public static IEnumerable<string> NetworkPolicies(Manifests manifests)
    {
        var policies = manifests.OfKind<V1NetworkPolicy>().ToList();
        if (!policies.Any(p => p.Spec.PodSelector.MatchLabels is not { Count: > 0 } && p.Spec.PodSelector.MatchExpressions is not { Count: > 0 }
                               && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is not { Count: > 0 }))
        {
            yield return "no default-deny ingress NetworkPolicy";
        }
        foreach (var caller in manifests.Workloads)
        {
            var calls = caller.Containers.SelectMany(c => c.Env ?? [])
                .Select(e => ServiceAddress().Match(e.Name))
                .Where(m => m.Success)
                .Select(m => (Service: m.Groups["service"].Value, Endpoint: m.Groups["endpoint"].Value))
                .Distinct();
            foreach (var (service, endpoint) in calls)
            {
                var callee = manifests.Workloads.FirstOrDefault(w => w.Name == service);
                var port = callee?.Containers.SelectMany(c => c.Ports ?? []).FirstOrDefault(p => p.Name == endpoint);
                if (callee is null || port is null)
                {
                    continue; // reported by ServiceAddresses
                }
                var allowed = policies.Any(policy => callee.IsSelectedBy(policy.Spec.PodSelector.MatchLabels)
                    && (policy.Spec.Ingress ?? []).Any(rule =>
                        (rule.FromProperty ?? []).Any(peer => peer.NamespaceSelector is null && caller.IsSelectedBy(peer.PodSelector?.MatchLabels))
                        && (rule.Ports is not { Count: > 0 } || rule.Ports.Any(p => p.Port?.Value == port.ContainerPort.ToString() || p.Port?.Value == port.Name))));
                if (!allowed)
                {
                    yield return $"no NetworkPolicy lets {caller.Name} reach {service}'s '{endpoint}' port {port.ContainerPort}";
                }
            }
        }
    }

    private static V1ContainerPort? ContainerPort(V1Container container, string nameOrNumber)
        => container.Ports?.FirstOrDefault(p => p.Name == nameOrNumber || p.ContainerPort.ToString() == nameOrNumber);

    [GeneratedRegex(@"^Kestrel__Endpoints__(?<endpoint>[^_]+)__Url$")]
    private static partial Regex KestrelUrl();

    [GeneratedRegex(@"^services__(?<service>[^_]+)__(?<endpoint>[^_]+)__(?<index>\d+)$")]
    private static partial Regex ServiceAddress();

    /// <summary>A password in a connection string, a user:password in a URL, or a private key.</summary>
    [GeneratedRegex(@"(?i)(password|pwd)\s*=|://[^/\s:@]+:[^/\s@]+@|-----BEGIN")]
    private static partial Regex LooksLikeCredential();
}
