using System.Buffers;
using System.Text;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Protocol.Tests.Smtp;

public sealed class DataReaderTests
{
    private const DataReadStatus More = DataReadStatus.NeedMoreData;
    private const DataReadStatus Done = DataReadStatus.Complete;
    private const DataReadStatus Rejected = DataReadStatus.BareNewlineRejected;
    private const BareNewlinePolicy Normalize = BareNewlinePolicy.Normalize;
    private const BareNewlinePolicy Reject = BareNewlinePolicy.Reject;

    /// <summary>
    /// Columns: input (the bytes after the DATA command line), policy, status, content, consumed (-1: all of it).
    /// Each case is also fed byte by byte and split at every point (see <see cref="Same_result_at_every_split"/>).
    /// </summary>
    public static TheoryData<string, BareNewlinePolicy, DataReadStatus, string, int> Cases { get; } = new()
    {
        // The end of data and the content before it.
        { "Subject: x\r\n\r\nhi\r\n.\r\n", Normalize, Done, "Subject: x\r\n\r\nhi\r\n", -1 },
        { ".\r\n", Normalize, Done, "", 3 },
        { "\r\n.\r\n", Normalize, Done, "\r\n", 5 },
        { "hi\r\n.\r\n", Reject, Done, "hi\r\n", 7 },
        { ".\r\n", Reject, Done, "", 3 },
        // Pipelining: what follows the end belongs to the next command.
        { "hi\r\n.\r\nMAIL FROM:<a@b>\r\n", Normalize, Done, "hi\r\n", 7 },
        { "hi\r\n.\r\n.\r\n", Normalize, Done, "hi\r\n", 7 },
        { ".\r\nQUIT\r\n", Reject, Done, "", 3 },
        // Dot-unstuffing (RFC 5321 4.5.2).
        { "a\r\n..b\r\n.\r\n", Normalize, Done, "a\r\n.b\r\n", -1 },
        { "..\r\n.\r\n", Normalize, Done, ".\r\n", -1 },
        { "...\r\n.\r\n", Normalize, Done, "..\r\n", -1 },
        { ".a\r\n.\r\n", Normalize, Done, "a\r\n", -1 },
        { "a.b.\r\n.\r\n", Normalize, Done, "a.b.\r\n", -1 },
        { "a\r\n. \r\n.\r\n", Normalize, Done, "a\r\n \r\n", -1 },
        { "a\r\n.a\r\n.\r\n", Reject, Done, "a\r\na\r\n", -1 },
        { "a\r\n..\r\n.\r\n", Reject, Done, "a\r\n.\r\n", -1 },
        // Not finished yet: undecided bytes are held back.
        { "", Normalize, More, "", -1 },
        { "hi", Normalize, More, "hi", -1 },
        { "hi\r\n", Normalize, More, "hi\r\n", -1 },
        { "hi\r", Normalize, More, "hi", -1 },
        { "hi\r\n.", Normalize, More, "hi\r\n", -1 },
        { "hi\r\n.\r", Normalize, More, "hi\r\n", -1 },
        { ".", Normalize, More, "", -1 },
        { ".\r", Reject, More, "", -1 },
        // Smuggling under Normalize: never the end, written as an empty line (dot unstuffed, bare ending as CRLF).
        { "a\n.\nb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\r.\rb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\n.\r\nb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\r\n.\nb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\r.\nb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\r\n.\rb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\n.\rb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\r.\r\nb", Normalize, More, "a\r\n\r\nb", -1 },
        { "\n.\n", Normalize, More, "\r\n\r\n", -1 },
        { ".\n", Normalize, More, "\r\n", -1 },
        { ".\r.\r\n", Normalize, More, "\r\n\r\n", -1 },
        { "a\r\n.\nMAIL FROM:<x@y>\r\n", Normalize, More, "a\r\n\r\nMAIL FROM:<x@y>\r\n", -1 },
        { "a\r\n.\n.\r\n", Normalize, More, "a\r\n\r\n\r\n", -1 },
        { "a\r\n.\r\r\n", Normalize, More, "a\r\n\r\n\r\n", -1 },
        { "a\n..\nb", Normalize, More, "a\r\n.\r\nb", -1 },
        // A real CRLF.CRLF in the byte stream is the end, whatever came before it.
        { "a\r\r\n.\r\nX", Normalize, Done, "a\r\n\r\n", 7 },
        { "a\n\r\n.\r\nX", Normalize, Done, "a\r\n\r\n", 7 },
        { "a\r\n.\n\r\n.\r\nX", Normalize, Done, "a\r\n\r\n\r\n", 10 },
        // Bare newlines in text under Normalize.
        { "a\nb\rc\r\n.\r\n", Normalize, Done, "a\r\nb\r\nc\r\n", -1 },
        { "a\r\rb", Normalize, More, "a\r\n\r\nb", -1 },
        { "a\n\nb", Normalize, More, "a\r\n\r\nb", -1 },
        // Reject: the first bare CR or LF stops everything; consumed is where it showed.
        { "a\nb", Reject, Rejected, "a", 1 },
        { "a\rb", Reject, Rejected, "a", 2 },
        { "\n", Reject, Rejected, "", 0 },
        { "a\r\n.\nb", Reject, Rejected, "a\r\n", 4 },
        { "a\r\n.\rb", Reject, Rejected, "a\r\n", 5 },
        { "a\n.\r\n", Reject, Rejected, "a", 1 },
        { "a\r.\r", Reject, Rejected, "a", 2 },
        { "a\r\r\n.\r\n", Reject, Rejected, "a", 2 },
        { "ok\r\n.\nx\r\n.\r\n", Reject, Rejected, "ok\r\n", 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Whole_input(string input, BareNewlinePolicy policy, DataReadStatus status, string content, int consumed)
    {
        var bytes = Bytes(input);
        var (gotStatus, gotContent, gotConsumed, length) = Feed(bytes, policy, [bytes.Length]);
        Assert.Equal(status, gotStatus);
        Assert.Equal(content, gotContent);
        Assert.Equal(consumed < 0 ? bytes.Length : consumed, gotConsumed);
        Assert.Equal(Bytes(content).Length, length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Same_result_at_every_split(string input, BareNewlinePolicy policy, DataReadStatus status, string content, int consumed)
    {
        var bytes = Bytes(input);
        var expected = (status, content, consumed < 0 ? bytes.Length : consumed, (long)Bytes(content).Length);
        Assert.Equal(expected, Feed(bytes, policy, Enumerable.Repeat(1, bytes.Length).ToArray()));
        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(expected, Feed(bytes, policy, [split, bytes.Length - split]));
        }
    }

    /// <summary>Every combination of CRLF, LF and CR around the dot: only CRLF "." CRLF ends the message.</summary>
    public static TheoryData<string, string, BareNewlinePolicy> Endings()
    {
        var data = new TheoryData<string, string, BareNewlinePolicy>();
        string[] endings = ["\r\n", "\n", "\r"];
        foreach (var before in endings)
        {
            foreach (var after in endings)
            {
                data.Add(before, after, Normalize);
                data.Add(before, after, Reject);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Endings))]
    public void Smuggling_never_ends_the_message(string before, string after, BareNewlinePolicy policy)
    {
        const string Head = "From: a@example.com\r\nSubject: hi\r\n\r\nbody";
        const string Smuggled = "MAIL FROM:<admin@bank.example>\r\nRCPT TO:<victim@example.com>\r\nDATA\r\nFrom: admin@bank.example\r\n\r\nPay now\r\n";
        var input = Bytes(Head + before + "." + after + Smuggled + ".\r\n");
        var real = before == "\r\n" && after == "\r\n";

        foreach (int[] chunks in new[] { new[] { input.Length }, Enumerable.Repeat(1, input.Length).ToArray() })
        {
            var (status, content, consumed, _) = Feed(input, policy, chunks);
            if (real)
            {
                Assert.Equal(DataReadStatus.Complete, status);
                Assert.Equal(Head + "\r\n", content);
                Assert.Equal(Bytes(Head + "\r\n.\r\n").Length, consumed);
            }
            else if (policy == Reject)
            {
                Assert.Equal(DataReadStatus.BareNewlineRejected, status);
                Assert.DoesNotContain("MAIL FROM", content);
            }
            else
            {
                // The message goes on to the real end, and the would-be second message is its content.
                Assert.Equal(DataReadStatus.Complete, status);
                Assert.Equal(input.Length, consumed);
                Assert.Equal(Head + "\r\n\r\n" + Smuggled, content);
            }
        }
    }

    [Fact]
    public void Random_inputs_match_a_line_by_line_model_at_random_splits()
    {
        var random = new Random(5321);
        var alphabet = "a.\r\n"u8.ToArray();
        for (var round = 0; round < 4000; round++)
        {
            var input = new byte[random.Next(0, 24)];
            for (var i = 0; i < input.Length; i++)
            {
                input[i] = alphabet[random.Next(alphabet.Length)];
            }
            var policy = random.Next(2) == 0 ? Normalize : Reject;
            var expected = Model(input, policy);
            var chunks = new List<int>();
            for (var left = input.Length; left > 0;)
            {
                var size = Math.Min(left, random.Next(1, 5));
                chunks.Add(size);
                left -= size;
            }
            var actual = Feed(input, policy, [.. chunks]);
            Assert.True(expected == (actual.Status, actual.Content, actual.Consumed),
                $"{Escape(input)} {policy}: expected {expected}, got {actual}");
        }
    }

    [Fact]
    public void Large_message_in_chunks()
    {
        var input = new StringBuilder();
        var content = new StringBuilder();
        for (var i = 0; i < 60_000; i++)
        {
            var line = $"line {i} the quick brown fox jumps over the lazy dog. . . end";
            if (i % 7 == 0)
            {
                input.Append("..").Append(line).Append("\r\n");
                content.Append('.').Append(line).Append("\r\n");
            }
            else
            {
                input.Append(line).Append("\r\n");
                content.Append(line).Append("\r\n");
            }
        }
        input.Append(".\r\nQUIT\r\n");
        var bytes = Bytes(input.ToString());
        var expected = Bytes(content.ToString());

        var reader = new DataReader(Normalize);
        var output = new ArrayBufferWriter<byte>();
        int offset = 0, consumed = 0;
        var status = DataReadStatus.NeedMoreData;
        while (status == DataReadStatus.NeedMoreData)
        {
            var chunk = bytes.AsSpan(offset, Math.Min(65_536, bytes.Length - offset));
            status = reader.Process(chunk, output, out consumed);
            offset += consumed;
        }
        Assert.Equal(DataReadStatus.Complete, status);
        Assert.Equal(bytes.Length - "QUIT\r\n".Length, offset);
        Assert.True(expected.AsSpan().SequenceEqual(output.WrittenSpan));
        Assert.Equal(expected.Length, reader.ContentLength);
    }

    [Fact]
    public void Copies_runs_not_single_bytes()
    {
        var line = new string('x', 998) + "\r\n";
        var input = Bytes(string.Concat(Enumerable.Repeat(line, 1000)) + ".\r\n");
        var output = new CountingWriter();
        Assert.Equal(DataReadStatus.Complete, new DataReader(Normalize).Process(input, output, out _));
        Assert.Equal(1000 * 1000, output.Written);
        Assert.True(output.Advances <= 2 * 1000, $"{output.Advances} writes for 1000 lines");
    }

    [Fact]
    public void After_the_end_nothing_more_is_consumed()
    {
        var reader = new DataReader(Normalize);
        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(DataReadStatus.Complete, reader.Process(".\r\n"u8, output, out _));
        Assert.Equal(DataReadStatus.Complete, reader.Process("more\r\n"u8, output, out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void After_a_rejection_nothing_more_is_consumed()
    {
        var reader = new DataReader(Reject);
        var output = new ArrayBufferWriter<byte>();
        Assert.Equal(DataReadStatus.BareNewlineRejected, reader.Process("a\nb"u8, output, out _));
        Assert.Equal(DataReadStatus.BareNewlineRejected, reader.Process("more\r\n.\r\n"u8, output, out var consumed));
        Assert.Equal(0, consumed);
        Assert.Equal("a", Encoding.Latin1.GetString(output.WrittenSpan));
    }

    [Fact]
    public void Eight_bit_content_passes_through()
    {
        var input = new byte[] { 0xE7, 0x94, 0xA8, 0x00, 0xFF, (byte)'\r', (byte)'\n', (byte)'.', (byte)'\r', (byte)'\n' };
        var (status, content, _, _) = Feed(input, Reject, [input.Length]);
        Assert.Equal(DataReadStatus.Complete, status);
        Assert.Equal("\u00E7\u0094\u00A8\0\u00FF\r\n", content);
    }

    /// <summary>Feeds the input in chunks of the given sizes, stopping at Complete or a rejection.</summary>
    private static (DataReadStatus Status, string Content, int Consumed, long Length) Feed(byte[] input, BareNewlinePolicy policy, int[] chunks)
    {
        var reader = new DataReader(policy);
        var output = new ArrayBufferWriter<byte>();
        var offset = 0;
        var status = DataReadStatus.NeedMoreData;
        foreach (var size in chunks)
        {
            status = reader.Process(input.AsSpan(offset, size), output, out var consumed);
            offset += consumed;
            if (status != DataReadStatus.NeedMoreData)
            {
                break;
            }
            Assert.Equal(size, consumed);
        }
        Assert.Equal(output.WrittenCount, reader.ContentLength);
        return (status, Encoding.Latin1.GetString(output.WrittenSpan), offset, reader.ContentLength);
    }

    /// <summary>An independent, line-at-a-time statement of the rules, to check the state machine against.</summary>
    private static (DataReadStatus, string, int) Model(byte[] input, BareNewlinePolicy policy)
    {
        var text = Encoding.Latin1.GetString(input);
        var content = new StringBuilder();
        var position = 0;
        var afterRealCrlf = true;
        while (true)
        {
            var end = text.IndexOfAny(['\r', '\n'], position);
            var line = text[position..(end < 0 ? text.Length : end)];
            var unstuffed = line.StartsWith('.') ? line[1..] : line;
            if (end < 0 || (text[end] == '\r' && end + 1 == text.Length))
            {
                // Unfinished line (or a CR still waiting for its LF).
                return (DataReadStatus.NeedMoreData, content.Append(unstuffed).ToString(), input.Length);
            }
            var ending = text[end] == '\r' && text[end + 1] == '\n' ? "\r\n" : text[end].ToString();
            if (afterRealCrlf && line == "." && ending == "\r\n")
            {
                return (DataReadStatus.Complete, content.ToString(), end + 2);
            }
            if (ending != "\r\n" && policy == Reject)
            {
                return (DataReadStatus.BareNewlineRejected, content.Append(unstuffed).ToString(), ending == "\r" ? end + 1 : end);
            }
            content.Append(unstuffed).Append("\r\n");
            afterRealCrlf = ending == "\r\n";
            position = end + ending.Length;
        }
    }

    private static byte[] Bytes(string text) => Encoding.Latin1.GetBytes(text);

    private static string Escape(byte[] input) => Encoding.Latin1.GetString(input).Replace("\r", "<CR>").Replace("\n", "<LF>");

    /// <summary>Counts how often the reader asks for space, to catch byte-by-byte writing.</summary>
    private sealed class CountingWriter : IBufferWriter<byte>
    {
        private readonly byte[] buffer = new byte[1 << 16];

        public int Advances { get; private set; }

        public long Written { get; private set; }

        public void Advance(int count)
        {
            Advances++;
            Written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => buffer;

        public Span<byte> GetSpan(int sizeHint = 0) => buffer;
    }
}
