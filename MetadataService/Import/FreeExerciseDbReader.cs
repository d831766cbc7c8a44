using System.Text.Json;
using FitnessAssistant.MetadataService.Catalog;

namespace FitnessAssistant.MetadataService.Import;

/// <summary>
/// Reads records of the free-exercise-db format (an array of objects with id, name, force, level, mechanic,
/// equipment, primaryMuscles, secondaryMuscles, instructions, category, images) tolerantly: a field of the wrong
/// JSON type makes that one record invalid with a reason, it never stops the file. Images are not part of the
/// catalog and are ignored; so is any field the format does not define.
/// </summary>
public static class FreeExerciseDbReader
{
    public sealed record Record(int Index, ExerciseInput? Input, IReadOnlyList<string> Problems);

    public static async Task<IReadOnlyList<Record>> ReadAsync(Stream json, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(json, new JsonDocumentOptions { MaxDepth = 16 }, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ImportFormatException($"The file is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): nothing was imported.", ex);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ImportFormatException($"The file must hold a JSON array of exercises, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }
            var records = new List<Record>();
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                records.Add(Read(index++, element));
            }
            return records;
        }
    }

    private static Record Read(int index, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return new Record(index, null, [$"The record is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object."]);
        }
        var problems = new List<string>();
        var input = new ExerciseInput(
            Id: Text(element, "id"),
            Name: Text(element, "name"),
            Description: null,
            Instructions: List(element, "instructions"),
            Category: Text(element, "category"),
            Level: Text(element, "level"),
            Force: Text(element, "force"),
            Mechanic: Text(element, "mechanic"),
            Equipment: Text(element, "equipment"),
            PrimaryMuscles: List(element, "primaryMuscles"),
            SecondaryMuscles: List(element, "secondaryMuscles"),
            Aliases: null);
        return new Record(index, input, problems);

        string? Text(JsonElement record, string field)
        {
            if (!record.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString();
            }
            problems.Add($"{field}: must be a string, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}.");
            return null;
        }

        IReadOnlyList<string?>? List(JsonElement record, string field)
        {
            if (!record.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (value.ValueKind != JsonValueKind.Array)
            {
                problems.Add($"{field}: must be an array of strings, not a JSON {value.ValueKind.ToString().ToLowerInvariant()}.");
                return null;
            }
            var items = new List<string?>();
            var position = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    items.Add(item.GetString());
                }
                else
                {
                    problems.Add($"{field}[{position}]: must be a string, not a JSON {item.ValueKind.ToString().ToLowerInvariant()}.");
                }
                position++;
            }
            return items;
        }
    }
}
