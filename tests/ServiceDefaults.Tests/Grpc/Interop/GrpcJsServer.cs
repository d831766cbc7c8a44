using System.Diagnostics;
using System.Text.Json;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc.Interop;

/// <summary>The reference server: grpc-js running the same EchoService behaviour as <see cref="EchoHandlers"/>.</summary>
public sealed class GrpcJsServer : IAsyncLifetime
{
    private Process? _process;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _process = Process.Start(Node.StartInfo("grpc-js-server.js"))!;
        var errors = _process.StandardError.ReadToEndAsync();
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null)
        {
            throw new InvalidOperationException($"grpc-js server did not start: {await errors}");
        }
        var port = JsonDocument.Parse(line).RootElement.GetProperty("port").GetInt32();
        Address = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }
        // Closing stdin is the script's signal to stop; kill only if it does not.
        _process.StandardInput.Close();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
