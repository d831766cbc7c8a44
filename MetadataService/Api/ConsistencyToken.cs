using FitnessAssistant.MetadataService.Data;

namespace FitnessAssistant.MetadataService.Api;

/// <summary>Carries the read-your-writes position between a client and <see cref="ReadYourWrites"/>.</summary>
public static class ConsistencyToken
{
    private static readonly TimeSpan CookieLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The position a client echoes (header first, then cookie), or null.</summary>
    public static string? From(HttpRequest request)
    {
        var header = request.Headers[ReadYourWrites.Header].ToString();
        if (header.Length > 0)
        {
            return header;
        }
        return request.Cookies.TryGetValue(ReadYourWrites.Cookie, out var cookie) && cookie.Length > 0 ? cookie : null;
    }

    /// <summary>After a write: hand the client the primary's position (only when a replica serves reads).</summary>
    public static void Issue(HttpResponse response, string? lsn)
    {
        if (lsn is null)
        {
            return;
        }
        response.Headers[ReadYourWrites.Header] = lsn;
        // Once the replica has caught up the cookie changes nothing, so a short life is enough.
        response.Cookies.Append(ReadYourWrites.Cookie, lsn, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            MaxAge = CookieLifetime,
            Path = "/api/v1",
        });
    }
}
