using System.Collections;
using Microsoft.Extensions.Primitives;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// Custom metadata of a call (request headers, response headers, trailers): ordered key/value pairs whose keys
/// are lower case, where a key may repeat. Keys ending in <c>-bin</c> carry bytes, base64 on the wire.
/// </summary>
public sealed class GrpcMetadata : IEnumerable<KeyValuePair<string, string>>
{
    public const string BinarySuffix = "-bin";

    // Headers that belong to the protocol or to HTTP itself, never to an application's metadata.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "te", "host", "user-agent", "accept-encoding", "date", "server",
    };

    private readonly List<KeyValuePair<string, string>> _entries = [];

    public int Count => _entries.Count;

    public void Add(string key, string value)
    {
        var name = key.ToLowerInvariant();
        if (name.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Metadata key '{key}' ends with -bin: add its value as bytes.", nameof(key));
        }
        _entries.Add(new(name, value));
    }

    public void Add(string key, byte[] value)
    {
        var name = key.ToLowerInvariant();
        if (!name.EndsWith(BinarySuffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Binary metadata key '{key}' must end with -bin.", nameof(key));
        }
        // Un-padded, as the spec asks senders to emit.
        _entries.Add(new(name, Convert.ToBase64String(value).TrimEnd('=')));
    }

    /// <summary>The last value of <paramref name="key"/>, or null.</summary>
    public string? Get(string key)
    {
        var name = key.ToLowerInvariant();
        return _entries.LastOrDefault(entry => entry.Key == name).Value;
    }

    /// <summary>The last value of a <c>-bin</c> key, decoded. Peers may leave out the base64 padding, and may join
    /// repeated values with ',' (the spec's reading of duplicate headers).</summary>
    public byte[]? GetBytes(string key)
    {
        if (Get(key) is not { } text)
        {
            return null;
        }
        var last = text.Split(',')[^1].Trim().TrimEnd('=');
        return Convert.FromBase64String(last.PadRight(last.Length + (4 - last.Length % 4) % 4, '='));
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static bool IsApplicationHeader(string name)
        => !name.StartsWith(':') && !name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) && !Reserved.Contains(name);

    internal static GrpcMetadata FromHeaders(IEnumerable<KeyValuePair<string, StringValues>> headers)
    {
        var metadata = new GrpcMetadata();
        foreach (var (name, values) in headers)
        {
            if (IsApplicationHeader(name))
            {
                foreach (var value in values)
                {
                    metadata._entries.Add(new(name.ToLowerInvariant(), value ?? ""));
                }
            }
        }
        return metadata;
    }

    internal static GrpcMetadata FromHeaders(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers)
        => FromHeaders(headers.Select(header => KeyValuePair.Create(header.Key, new StringValues(header.Value.ToArray()))));
}
