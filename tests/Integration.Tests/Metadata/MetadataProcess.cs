using System.Diagnostics;
using System.Text;
using FitnessAssistant.AppHost.Credentials;
using FitnessAssistant.IntegrationTests.Fixtures;

namespace FitnessAssistant.IntegrationTests.Metadata;

/// <summary>
/// A metadata service process of the test's own (the build output, serving as a replica does) against a catalog
/// database of the test's own, outside the AppHost: for tests of start-up that need two replicas at once or one that
/// fails to start. It counts as started once it is ready to serve (the host's "Application started"), which comes
/// after migrations and the starter catalog; it is then stopped again.
/// </summary>
internal static class MetadataProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<(bool Started, int? ExitCode, string Output)> StartAndStopAsync(SystemFixture system, string catalogDb)
    {
        var configuration = typeof(MetadataProcess).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .Cast<System.Reflection.AssemblyConfigurationAttribute>().SingleOrDefault()?.Configuration ?? "Debug";
        var assembly = Path.Combine(RepositoryLayout.Project("MetadataService"), "bin", configuration, "net10.0", "MetadataService.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(assembly);
        start.Environment["ConnectionStrings__catalogdb"] = catalogDb;
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment[ServiceCredential.EnvironmentVariable] = system.ServiceCredential;
        foreach (var (variable, value) in system.GatewayCredentials.TokenValidationEnvironment)
        {
            start.Environment[variable] = value;
        }
        start.Environment["DOTNET_NOLOGO"] = "1";

        var output = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(object? _, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(line.Data);
            }
            if (line.Data.Contains("Application started"))
            {
                started.TrySetResult();
            }
        }
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(Timeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(started.Task, exited) == started.Task)
        {
            Posix.Signal(process.Id, Posix.SigTerm);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
            return (true, null, Text());
        }
        if (timeout.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The metadata service neither started nor failed in {Timeout.TotalMinutes} minutes:\n{Text()}");
        }
        return (false, process.ExitCode, Text());

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}
