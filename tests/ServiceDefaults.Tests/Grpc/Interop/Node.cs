using System.Diagnostics;
using System.Text.Json;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc.Interop;

/// <summary>Runs the interop scripts with node and the npm packages the prerequisites script installs in FA_HOME.</summary>
public static class Node
{
    private static readonly string ModulesDirectory = Path.Combine(
        Environment.GetEnvironmentVariable("FA_HOME") is { Length: > 0 } home ? home : "/var/lib/fitnessassistant", "npm", "node_modules");

    public static ProcessStartInfo StartInfo(string script, params string[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Grpc", "Interop", script);
        if (!Directory.Exists(Path.Combine(ModulesDirectory, "@grpc", "grpc-js")))
        {
            throw new InvalidOperationException($"@grpc/grpc-js is missing from {ModulesDirectory}: run eng/install-prerequisites.sh.");
        }
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment["NODE_PATH"] = ModulesDirectory;
        return info;
    }

    /// <summary>Runs a script to its end and parses the one JSON line it prints.</summary>
    public static async Task<JsonElement> RunAsync(string script, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(script, arguments))!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} {string.Join(' ', arguments)} did not finish in 30 s: {await errors}");
        }
        var text = (await output).Trim();
        if (process.ExitCode != 0 || text.Length == 0)
        {
            throw new InvalidOperationException($"node {script} exited with {process.ExitCode}: {await errors}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
