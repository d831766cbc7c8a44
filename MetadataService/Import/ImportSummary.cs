namespace FitnessAssistant.MetadataService.Import;

/// <summary>What an import did, record by record class; <see cref="Rejections"/> says which records were refused and why.</summary>
public sealed record ImportSummary(
    int Total,
    int Created,
    int Updated,
    int Unchanged,
    int Rejected,
    IReadOnlyList<ImportRejection> Rejections,
    double ElapsedMs);

/// <summary>A refused record: its position in the file (0-based), its id if it had a readable one, and every reason.</summary>
public sealed record ImportRejection(int Index, string? Id, IReadOnlyList<string> Reasons);

/// <summary>The file as a whole cannot be read (not JSON, not an array): nothing was written.</summary>
public sealed class ImportFormatException(string message, Exception? inner = null) : Exception(message, inner);
