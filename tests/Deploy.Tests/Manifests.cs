using k8s;
using k8s.Models;

namespace FitnessAssistant.Deploy.Tests;

/// <summary>
/// Every object of a set of manifests, loaded strictly into the Kubernetes client's typed models: an unknown kind,
/// an unknown or misspelt field or a value of the wrong type fails the load, as a server-side schema check would.
/// </summary>
public sealed class Manifests
{
    private Manifests(IReadOnlyList<(string Source, object Object)> objects)
    {
        Objects = objects;
        Workloads = [.. objects.Select(o => o.Object).Select(Workload.From).OfType<Workload>()];
    }

    public IReadOnlyList<(string Source, object Object)> Objects { get; }

    /// <summary>Deployments and StatefulSets: what runs the services.</summary>
    public IReadOnlyList<Workload> Workloads { get; }

    public IEnumerable<T> OfKind<T>() => Objects.Select(o => o.Object).OfType<T>();

    /// <summary>The repository's <c>deploy/</c> folder: every <c>*.yaml</c> in it, subfolders included.</summary>
    public static Manifests LoadRepository() => Load(Directory.EnumerateFiles(RepositoryDeployFolder(), "*.yaml", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(path => (Path.GetRelativePath(RepositoryDeployFolder(), path), File.ReadAllText(path))));

    public static Manifests Load(IEnumerable<(string Source, string Yaml)> documents)
        => new([.. documents.SelectMany(d => KubernetesYaml.LoadAllFromString(d.Yaml, strict: true).Select(o => (d.Source, o)))]);

    private static string RepositoryDeployFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FitnessAssistant.sln")))
            {
                return Path.Combine(directory.FullName, "deploy");
            }
        }
        throw new InvalidOperationException($"No FitnessAssistant.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A Deployment or a StatefulSet, seen through what both have.</summary>
public sealed record Workload(string Kind, string Name, string? Namespace, int Replicas, V1LabelSelector Selector, V1PodTemplateSpec Template,
    string? ServiceName)
{
    public IEnumerable<V1Container> Containers => Template.Spec.Containers;

    public IDictionary<string, string> PodLabels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

    public static Workload? From(object manifest) => manifest switch
    {
        V1Deployment d => new Workload(d.Kind, d.Metadata.Name, d.Metadata.NamespaceProperty, d.Spec.Replicas ?? 1, d.Spec.Selector, d.Spec.Template, null),
        V1StatefulSet s => new Workload(s.Kind, s.Metadata.Name, s.Metadata.NamespaceProperty, s.Spec.Replicas ?? 1, s.Spec.Selector, s.Spec.Template, s.Spec.ServiceName),
        _ => null,
    };

    /// <summary>Whether a label selector (match labels only: the manifests use no expressions) picks this workload's pods.</summary>
    public bool IsSelectedBy(IDictionary<string, string>? matchLabels)
        => matchLabels is { Count: > 0 } && matchLabels.All(label => PodLabels.TryGetValue(label.Key, out var value) && value == label.Value);
}
