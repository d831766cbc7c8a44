using FitnessAssistant.Metadata.V1;
using FitnessAssistant.MetadataService.Embeddings;
using FitnessAssistant.MetadataService.Vocabulary;
using Google.Protobuf.WellKnownTypes;

namespace FitnessAssistant.MetadataService.Grpc;

/// <summary>Catalog records to their fitness.metadata.v1 messages.</summary>
public static class GrpcMapping
{
    public static Metadata.V1.Exercise ToMessage(Catalog.Exercise exercise)
    {
        var message = new Metadata.V1.Exercise
        {
            Id = exercise.Id,
            Name = exercise.Name,
            Category = exercise.Category,
            Level = exercise.Level,
            RowVersion = exercise.RowVersion,
            CreatedAt = Timestamp.FromDateTime(exercise.CreatedAt),
            UpdatedAt = Timestamp.FromDateTime(exercise.UpdatedAt),
            Source = exercise.Source,
            Instructions = { exercise.Instructions },
            PrimaryMuscles = { exercise.PrimaryMuscles },
            SecondaryMuscles = { exercise.SecondaryMuscles },
            Aliases = { exercise.Aliases },
        };
        if (exercise.Description is { } description)
        {
            message.Description = description;
        }
        if (exercise.Force is { } force)
        {
            message.Force = force;
        }
        if (exercise.Mechanic is { } mechanic)
        {
            message.Mechanic = mechanic;
        }
        if (exercise.Equipment is { } equipment)
        {
            message.Equipment = equipment;
        }
        return message;
    }

    public static Metadata.V1.VocabularyTerm ToMessage(Vocabulary.VocabularyTerm term) => new()
    {
        Kind = term.Kind,
        Value = term.Value,
        Label = term.Label,
        SortOrder = term.SortOrder,
        Synonyms = { term.Synonyms.Select(s => new Synonym { Text = s.Text, IsMisspelling = s.IsMisspelling }) },
    };

    public static EmbeddingVersion ToMessage(EmbeddingVersionRecord record) => new()
    {
        Id = record.Id,
        Model = record.Model,
        Version = record.Version,
        Dimensions = record.Dimensions,
        Status = record.Status switch
        {
            EmbeddingVersionRecord.Building => EmbeddingVersionStatus.Building,
            EmbeddingVersionRecord.Active => EmbeddingVersionStatus.Active,
            EmbeddingVersionRecord.Retired => EmbeddingVersionStatus.Retired,
            _ => EmbeddingVersionStatus.Unspecified,
        },
        CreatedAt = Utc(record.CreatedAt),
        ActivatedAt = record.ActivatedAt is { } activated ? Utc(activated) : null,
        RetiredAt = record.RetiredAt is { } retired ? Utc(retired) : null,
    };

    private static Timestamp Utc(DateTime value) => Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
