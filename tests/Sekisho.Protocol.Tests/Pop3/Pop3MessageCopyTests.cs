using System.IO.Pipelines;
using System.Text;
using Sekisho.Protocol.Pop3;

namespace Sekisho.Protocol.Tests.Pop3;

public sealed class Pop3MessageCopyTests
{
    [Theory]
    [InlineData("Subject: x\r\n\r\n.hidden\r\nend\r\n", null, "Subject: x\r\n\r\n..hidden\r\nend\r\n.\r\n")]
    [InlineData("Subject: x\r\n\r\n.hidden\r\nend\r\n", 1, "Subject: x\r\n\r\n..hidden\r\n.\r\n")]
    [InlineData("Subject: x\r\n\r\n.hidden\r\nend\r\n", 0, "Subject: x\r\n\r\n.\r\n")]
    [InlineData("", null, ".\r\n")]
    [InlineData("no final newline", null, "no final newline\r\n.\r\n")]
    [InlineData("A: 1\r\n\r\nl1\r\nl2", 1, "A: 1\r\n\r\nl1\r\n.\r\n")]
    public async Task Copies_retr_and_top_bodies(string message, int? lines, string wire)
    {
        var (written, output) = await CopyAsync(Encoding.ASCII.GetBytes(message), lines);
        Assert.Equal(wire, Encoding.ASCII.GetString(output));
        Assert.Equal(wire.Length, written);
    }

    [Fact]
    public async Task Streams_a_large_message_with_dots_at_chunk_edges()
    {
        // Lines of 100 bytes starting with a dot: the 64 KiB chunk edges fall at every position within a line.
        var line = "." + new string('x', 97) + "\r\n";
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, 20_000)));
        var (written, output) = await CopyAsync(message, null);
        var expected = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("." + line, 20_000)) + ".\r\n");
        Assert.Equal(expected, output);
        Assert.Equal(expected.Length, written);
    }

    [Fact]
    public async Task Top_stops_reading_after_the_cut()
    {
        var body = string.Concat(Enumerable.Repeat("line\r\n", 200_000));
        var stream = new CountingStream(Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + body));
        var pipe = new MemoryStream();
        var writer = PipeWriter.Create(pipe);
        await Pop3MultiLine.CopyMessageAsync(stream, writer, 2, CancellationToken.None);
        await writer.FlushAsync();
        Assert.Equal("Subject: big\r\n\r\nline\r\nline\r\n.\r\n", Encoding.ASCII.GetString(pipe.ToArray()));
        Assert.True(stream.BytesRead <= Pop3MultiLine.CopyBufferSize, $"read {stream.BytesRead} bytes");
    }

    private static async Task<(long Written, byte[] Output)> CopyAsync(byte[] message, int? lines)
    {
        var sink = new MemoryStream();
        var writer = PipeWriter.Create(sink);
        var written = await Pop3MultiLine.CopyMessageAsync(new MemoryStream(message), writer, lines, CancellationToken.None);
        await writer.FlushAsync();
        return (written, sink.ToArray());
    }

    /// <summary>A read-only stream that counts what was read from it.</summary>
    private sealed class CountingStream(byte[] content) : MemoryStream(content, writable: false)
    {
        public long BytesRead { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            BytesRead += read;
            return read;
        }
    }
}
