using System.IO.Pipelines;
using FitnessAssistant.ServiceDefaults.Grpc;
using FitnessAssistant.ServiceDefaults.Tests.Protos;
using Google.Protobuf;

namespace FitnessAssistant.ServiceDefaults.Tests.Grpc;

public sealed class GrpcWireFormatTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("100%", "100%25")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    public void Status_message_is_percent_encoded(string message, string wire)
    {
        GrpcStatus.EncodeMessage(message).Should().Be(wire);
        GrpcStatus.DecodeMessage(wire).Should().Be(message);
    }

    [Fact]
    public void Malformed_percent_escape_is_kept_verbatim()
        => GrpcStatus.DecodeMessage("50%zz done %").Should().Be("50%zz done %");

    [Theory]
    [InlineData("1H", 3_600_000)]
    [InlineData("2M", 120_000)]
    [InlineData("3S", 3_000)]
    [InlineData("250m", 250)]
    [InlineData("1500u", 1.5)]
    [InlineData("2000000n", 2)]
    [InlineData("99999999m", 99_999_999)]
    public void Timeout_header_parses_every_unit(string header, double milliseconds)
    {
        GrpcTimeout.TryParse(header, out var timeout).Should().BeTrue();
        timeout.TotalMilliseconds.Should().Be(milliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-5m")]
    [InlineData("123456789m")]
    public void Malformed_timeout_header_is_refused(string header)
        => GrpcTimeout.TryParse(header, out _).Should().BeFalse();

    [Theory]
    [InlineData(0.5, "500u")]
    [InlineData(250, "250000u")]
    [InlineData(1_000_000, "1000000m")]
    [InlineData(200_000_000, "200000S")]
    public void Timeout_header_keeps_precision_within_eight_digits(double milliseconds, string header)
        => GrpcTimeout.Format(TimeSpan.FromMilliseconds(milliseconds)).Should().Be(header);

    [Fact]
    public void Binary_metadata_is_sent_unpadded_and_read_padded_unpadded_or_comma_joined()
    {
        var sent = new GrpcMetadata { { "x-id-bin", new byte[] { 1, 2, 3, 4 } } };
        sent.Get("x-id-bin").Should().Be("AQIDBA");

        var received = GrpcMetadata.FromHeaders(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["x-a-bin"] = "AQIDBA==",
            ["x-b-bin"] = "AQ==,AQIDBA",
            ["grpc-status"] = "0",
            ["content-type"] = "application/grpc",
        });

        received.GetBytes("x-a-bin").Should().Equal(1, 2, 3, 4);
        received.GetBytes("x-b-bin").Should().Equal(1, 2, 3, 4);
        received.Select(entry => entry.Key).Should().Equal("x-a-bin", "x-b-bin");
    }

    [Fact]
    public async Task Messages_are_read_back_whatever_the_chunking()
    {
        var pipe = new Pipe();
        var messages = Enumerable.Range(0, 3).Select(i => new EchoReply { Index = i, Text = new string('x', i * 50) }).ToList();
        var bytes = messages.SelectMany(m => GrpcFraming.Frame(m, int.MaxValue)).ToArray();
        // One byte at a time: a frame split anywhere, header included, must still parse.
        foreach (var b in bytes)
        {
            await pipe.Writer.WriteAsync(new[] { b });
        }
        await pipe.Writer.CompleteAsync();

        var read = new List<EchoReply>();
        while (await GrpcFraming.ReadMessageAsync<EchoReply>(pipe.Reader, 1024, CancellationToken.None) is { } message)
        {
            read.Add(message);
        }

        read.Should().Equal(messages);
    }

    [Fact]
    public void Sending_an_oversized_message_is_refused_before_anything_is_written()
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>();

        var write = () => GrpcFraming.WriteMessage(writer, new EchoReply { Payload = ByteString.CopyFrom(new byte[100]) }, 50);

        write.Should().Throw<GrpcException>().Which.StatusCode.Should().Be(GrpcStatusCode.ResourceExhausted);
        writer.WrittenCount.Should().Be(0);
    }
}
