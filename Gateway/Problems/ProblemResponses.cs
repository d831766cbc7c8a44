using Microsoft.AspNetCore.Mvc;

namespace FitnessAssistant.Gateway.Problems;

/// <summary>
/// Writes RFC 9457 problem details from middleware (auth, limits, proxy errors), where no endpoint result exists.
/// </summary>
public static class ProblemResponses
{
    // Statuses the framework has no default problem type for.
    private static readonly Dictionary<int, string> Types = new()
    {
        [StatusCodes.Status413PayloadTooLarge] = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        [StatusCodes.Status414UriTooLong] = "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        [StatusCodes.Status429TooManyRequests] = "https://tools.ietf.org/html/rfc6585#section-4",
        [StatusCodes.Status431RequestHeaderFieldsTooLarge] = "https://tools.ietf.org/html/rfc6585#section-5",
    };

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = Types.GetValueOrDefault(status) },
        });
    }
}
