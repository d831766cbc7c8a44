using System.Text;
using System.Text.RegularExpressions;

namespace FitnessAssistant.MetadataService.Catalog;

/// <summary>
/// Public exercise ids: letters, digits, '_' and '-', up to 128 characters, starting with a letter or digit. That
/// admits free-exercise-db's own ids unchanged ("Barbell_Bench_Press_-_Medium_Grip") and needs no escaping in a URL.
/// </summary>
public static partial class Slug
{
    public const int MaxLength = 128;

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>A slug for a new exercise that did not bring one: "Push-Up (wide)" becomes "push-up-wide".</summary>
    public static string FromName(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length > MaxLength ? slug[..MaxLength].TrimEnd('-') : slug;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex Pattern();
}
