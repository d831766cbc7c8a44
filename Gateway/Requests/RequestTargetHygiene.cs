using System.Text;
using System.Text.Unicode;
using FitnessAssistant.Gateway.Problems;
using Microsoft.AspNetCore.Http.Features;

namespace FitnessAssistant.Gateway.Requests;

/// <summary>
/// Refuses a request target whose percent-encoding is broken (<c>%zz</c>, a lone <c>%</c>), decodes to something
/// other than UTF-8 text, or holds control characters (<c>%00</c>, <c>%0A</c>, ...) with a 400 problem, before any
/// service sees it. ASP.NET Core would pass <c>%zz</c> on literally and decode <c>%00</c> in a query into a NUL
/// that a service might store or log. Kestrel itself refuses <c>%00</c> in the path before any middleware
/// (docs/gateway.md, "What the gateway cannot answer with problem details").
/// </summary>
public sealed class RequestTargetHygiene(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var (path, query) = raw is ['/', ..]
            ? (raw.Split('?', 2) is [var p, var q] ? (p, q) : (raw, ""))
            : (context.Request.Path.Value ?? "", context.Request.QueryString.Value?.TrimStart('?') ?? "");
        var problem = Problem(path) is { } inPath ? $"The path {inPath}" : Problem(query) is { } inQuery ? $"The query string {inQuery}" : null;
        return problem is null
            ? next(context)
            : ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Malformed request target", problem);
    }

    /// <summary>What is wrong with a percent-encoded URL component, or null.</summary>
    public static string? Problem(string component)
    {
        if (component.All(c => c is > ' ' and < '\x7f' and not '%'))
        {
            return null;
        }
        var bytes = new List<byte>(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c != '%')
            {
                bytes.AddRange(c < 0x80 ? [(byte)c] : Encoding.UTF8.GetBytes([c]));
                continue;
            }
            if (i + 2 >= component.Length || !char.IsAsciiHexDigit(component[i + 1]) || !char.IsAsciiHexDigit(component[i + 2]))
            {
                var found = component.Substring(i, Math.Min(3, component.Length - i));
                return $"has a malformed percent-escape '{found}' at position {i}: '%' must be followed by two hex digits (write '%25' for '%').";
            }
            bytes.Add(Convert.ToByte(component.Substring(i + 1, 2), 16));
            i += 2;
        }
        var decoded = bytes.ToArray();
        if (!Utf8.IsValid(decoded))
        {
            return "does not decode to UTF-8 text: percent-escapes must encode UTF-8.";
        }
        var text = Encoding.UTF8.GetString(decoded);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                return $"holds the control character U+{(int)text[i]:X4} (at position {i} once decoded); none is allowed.";
            }
        }
        return null;
    }
}
