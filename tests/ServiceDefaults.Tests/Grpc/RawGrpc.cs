using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using FitnessAssistant.ServiceDefaults.GrpcDefaults;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

/// <summary>Hand-made HTTP/2 requests, for the inputs a well-behaved client would never send.</summary>
public static class RawGrpc
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(30) };

    public sealed record Reply(HttpStatusCode HttpStatus, int? GrpcStatus, string? GrpcMessage, HttpResponseMessage Response, byte[] Body);

    public static byte[] Frame(byte[] payload, byte compressed = 0, uint? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = compressed;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), declaredLength ?? (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    public static async Task<Reply> PostAsync(Uri address, string path, byte[] body, string contentType = "application/grpc",
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.Add(ServiceCredentialOptions.Header, EchoServer.ServiceCredential);
        foreach (var (key, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }
        var response = await Http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var source = response.Headers.Contains("grpc-status") ? response.Headers : response.TrailingHeaders;
        int? status = source.TryGetValues("grpc-status", out var s) ? int.Parse(s.First()) : null;
        var message = source.TryGetValues("grpc-message", out var m) ? m.First() : null;
        return new Reply(response.StatusCode, status, message, response, bytes);
    }
}
