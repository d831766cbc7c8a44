namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>A unary response with the metadata the server sent around it.</summary>
public sealed record GrpcResponse<TResponse>(TResponse Message, GrpcMetadata Headers, GrpcMetadata Trailers);
