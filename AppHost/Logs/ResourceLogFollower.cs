using System.Text;
using FitnessAssistant.AppHost.Configuration;
using FitnessAssistant.AppHost.Orchestration;

namespace FitnessAssistant.AppHost.Logs;

/// <summary>
/// Follows every resource's log files (each child writes its output to a file, so it survives the AppHost and is
/// there for a post-mortem) and hands each new line to the log store and, prefixed with <c>[name]</c>, to the console.
/// </summary>
public sealed class ResourceLogFollower(ResourceCatalog catalog, ResourceLogStore store, AppHostOptions options) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly Dictionary<string, FilePosition> _files = new();
    private readonly int _nameWidth = catalog.All.Max(resource => resource.Name.Length);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ReadNewLines();
                await Task.Delay(PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // This service stops after the orchestrator (it was registered first): show the last words of every resource.
        ReadNewLines();
    }

    private void ReadNewLines()
    {
        foreach (var resource in catalog.All)
        {
            foreach (var (path, start) in resource.Supervisor.Resource.LogFiles)
            {
                if (!_files.TryGetValue(path, out var position))
                {
                    _files[path] = position = new FilePosition(start);
                }
                foreach (var line in position.ReadLines(path))
                {
                    var entry = store.Append(resource.Name, line);
                    if (options.ConsoleLogs)
                    {
                        ConsoleOutput.WriteResourceLine(entry, _nameWidth);
                    }
                }
            }
        }
    }

    /// <summary>How far one file has been read, and the start of a line not yet ended by a newline.</summary>
    private sealed class FilePosition(long offset)
    {
        private readonly List<byte> _partial = [];

        public IEnumerable<string> ReadLines(string path)
        {
            byte[] chunk;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < offset)
                {
                    offset = 0; // truncated or replaced: read it from the start
                    _partial.Clear();
                }
                stream.Seek(offset, SeekOrigin.Begin);
                chunk = new byte[Math.Min(stream.Length - offset, 4 * 1024 * 1024)];
                stream.ReadExactly(chunk);
                offset += chunk.Length;
            }
            catch (FileNotFoundException)
            {
                yield break;
            }
            var lineStart = 0;
            for (var i = 0; i < chunk.Length; i++)
            {
                if (chunk[i] != (byte)'\n')
                {
                    continue;
                }
                _partial.AddRange(chunk.AsSpan(lineStart, i - lineStart));
                var line = Encoding.UTF8.GetString([.. _partial]).TrimEnd('\r');
                _partial.Clear();
                lineStart = i + 1;
                if (line.Length > 0)
                {
                    yield return line;
                }
            }
            _partial.AddRange(chunk.AsSpan(lineStart));
        }
    }
}
