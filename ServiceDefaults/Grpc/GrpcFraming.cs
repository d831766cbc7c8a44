using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace FitnessAssistant.ServiceDefaults.Grpc;

/// <summary>
/// Length-prefixed messages: a 1-byte compressed flag, a 4-byte big-endian length, then the protobuf bytes.
/// Every way a peer can get this wrong ends in a <see cref="GrpcException"/>, never in a hang or a crash.
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>The gRPC default limit for received messages.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Reads the next message, or returns null when the stream ends cleanly between messages.</summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(PipeReader reader, int maxMessageSize, CancellationToken cancellationToken)
        where T : class, IMessage<T>, new()
    {
        var result = await reader.ReadAtLeastAsync(HeaderSize, cancellationToken);
        var buffer = result.Buffer;
        if (buffer.Length == 0 && result.IsCompleted)
        {
            reader.AdvanceTo(buffer.End);
            return null;
        }
        if (buffer.Length < HeaderSize)
        {
            reader.AdvanceTo(buffer.End);
            throw new GrpcException(GrpcStatusCode.Internal, "Incomplete message: the stream ended inside a message header.");
        }

        var (compressed, length) = ReadHeader(buffer);
        if (compressed != 0)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            throw new GrpcException(GrpcStatusCode.Internal, compressed == 1
                ? "Compressed message received, but the call's grpc-encoding is identity."
                : $"Invalid compressed flag {compressed} in message header.");
        }
        if (length > maxMessageSize)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                $"Received message larger than max ({length} vs. {maxMessageSize}).");
        }

        var frameSize = HeaderSize + length;
        if (buffer.Length < frameSize)
        {
            reader.AdvanceTo(buffer.Start, buffer.End);
            result = await reader.ReadAtLeastAsync((int)frameSize, cancellationToken);
            buffer = result.Buffer;
            if (buffer.Length < frameSize)
            {
                reader.AdvanceTo(buffer.End);
                throw new GrpcException(GrpcStatusCode.Internal,
                    $"Incomplete message: the stream ended after {buffer.Length - HeaderSize} of {length} bytes.");
            }
        }

        var payload = buffer.Slice(HeaderSize, length);
        try
        {
            return ParserCache<T>.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcException(GrpcStatusCode.Internal, $"Failed to deserialize {typeof(T).Name}.", innerException: e);
        }
        finally
        {
            reader.AdvanceTo(payload.End);
        }
    }

    /// <summary>Writes one framed message; refuses before writing anything if it exceeds the limit.</summary>
    public static void WriteMessage(IBufferWriter<byte> writer, IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted,
                $"Sending message larger than max ({size} vs. {maxMessageSize}).");
        }
        var header = writer.GetSpan(HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(HeaderSize);
        message.WriteTo(writer);
    }

    public static byte[] Frame(IMessage message, int maxMessageSize)
    {
        var writer = new ArrayBufferWriter<byte>(HeaderSize + message.CalculateSize());
        WriteMessage(writer, message, maxMessageSize);
        return writer.WrittenSpan.ToArray();
    }

    private static (byte Compressed, long Length) ReadHeader(ReadOnlySequence<byte> buffer)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        buffer.Slice(0, HeaderSize).CopyTo(header);
        return (header[0], BinaryPrimitives.ReadUInt32BigEndian(header[1..]));
    }

    private static class ParserCache<T> where T : class, IMessage<T>, new()
    {
        public static readonly MessageParser<T> Parser = new(() => new T());
    }
}
