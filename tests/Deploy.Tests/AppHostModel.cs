using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace FitnessAssistant.Deploy.Tests;

/// <summary>
/// The environment the AppHost gives each of its services, read from its real application model (built, not
/// started): the names come from <c>AppHost/Program.cs</c> and <c>AppHost/Services</c>, so a reference added there is
/// a variable the manifests must carry, without a list copied into the tests.
/// </summary>
public static partial class AppHostModel
{
    /// <summary>Per service (the AppHost's resource name, instance suffix removed: <c>embedding-1</c> is <c>embedding</c>).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<ServiceVariable>>> ServiceEnvironmentsAsync()
    {
        var stateDirectory = Path.Combine(Path.GetTempPath(), $"fa-deploy-tests-{Guid.NewGuid():N}");
        try
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                [$"--FA_STATE_DIR={stateDirectory}", "--FA_PROMETHEUS=false", "--FA_GATEWAY_PORT=0"]);
            // Publish mode: the variables as a deployment sees them, without allocating ports or starting anything.
            var context = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish);
            var services = new Dictionary<string, Dictionary<string, ServiceVariable>>();
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                var environment = new EnvironmentCallbackContext(context, project);
                foreach (var callback in project.Annotations.OfType<EnvironmentCallbackAnnotation>())
                {
                    await callback.Callback(environment);
                }
                var variables = services.TryGetValue(ServiceName(project.Name), out var existing)
                    ? existing
                    : services[ServiceName(project.Name)] = [];
                foreach (var (name, value) in environment.EnvironmentVariables)
                {
                    variables[name] = new ServiceVariable(name, IsSecret(value));
                }
            }
            return services.ToDictionary(s => s.Key, s => (IReadOnlyList<ServiceVariable>)[.. s.Value.Values.OrderBy(v => v.Name)]);
        }
        finally
        {
            if (Directory.Exists(stateDirectory))
            {
                Directory.Delete(stateDirectory, recursive: true);
            }
        }
    }

    /// <summary>Instances the AppHost declares one by one (<c>embedding-1</c>, <c>embedding-2</c>) are one service.</summary>
    public static string ServiceName(string resourceName) => InstanceSuffix().Replace(resourceName, "");

    /// <summary>A connection string (it holds the password) or a parameter the AppHost declares secret.</summary>
    private static bool IsSecret(object value) => value switch
    {
        IResourceWithConnectionString or ConnectionStringReference => true,
        ParameterResource parameter => parameter.Secret,
        ReferenceExpression expression => expression.ValueProviders.Any(IsSecret),
        _ => false,
    };

    [GeneratedRegex(@"-\d+$")]
    private static partial Regex InstanceSuffix();
}

/// <param name="Name">The environment variable, e.g. <c>ConnectionStrings__catalogdb</c>.</param>
/// <param name="Secret">Its value is a credential: a Kubernetes Secret must provide it.</param>
public sealed record ServiceVariable(string Name, bool Secret);
