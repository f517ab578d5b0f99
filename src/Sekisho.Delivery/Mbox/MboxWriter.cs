using System.Buffers;
using System.Globalization;
using System.Text;

namespace Sekisho.Delivery.Mbox;

/// <summary>
/// Writes a message in mbox format, as Postfix's local(8) does for file targets: a <c>From SENDER DATE</c> line
/// (<c>MAILER-DAEMON</c> for the null sender, the date in asctime format), the content with CRLF turned into LF
/// and lines that start with <c>From </c> written as <c>&gt;From </c>, a final newline if the content lacks one,
/// and a blank line.
/// </summary>
public static class MboxWriter
{
    private static readonly byte[] FromSpace = "From "u8.ToArray();

    /// <summary>The separator line, without its newline.</summary>
    /// <param name="sender">The envelope sender; empty for the null sender.</param>
    /// <param name="time">The time to show (Postfix shows the arrival time, in local time).</param>
    /// <returns>E.g. <c>From alice@example.org Tue Jan  2 15:04:05 2024</c>.</returns>
    public static string FromLine(string sender, DateTimeOffset time)
    {
        var who = sender.Length == 0 ? "MAILER-DAEMON" : sender;
        var day = time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2);
        return string.Create(CultureInfo.InvariantCulture, $"From {who} {time:ddd MMM} {day} {time:HH:mm:ss yyyy}");
    }

    /// <summary>Writes one message.</summary>
    /// <param name="content">The message as queued (CRLF line endings).</param>
    /// <param name="output">Where to write (positioned at the end of the mailbox).</param>
    /// <param name="fromLine">The separator line from <see cref="FromLine"/>.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    public static async Task WriteAsync(Stream content, Stream output, string fromLine, CancellationToken cancellationToken)
    {
        await output.WriteAsync(Encoding.UTF8.GetBytes(fromLine + "\n"), cancellationToken);
        var line = new ArrayBufferWriter<byte>(1024);
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    line.Write(buffer.AsSpan(start, i - start));
                    await WriteLineAsync(line, output, cancellationToken);
                    start = i + 1;
                }
            }
            line.Write(buffer.AsSpan(start, read - start));
        }
        if (line.WrittenCount > 0)
        {
            await WriteLineAsync(line, output, cancellationToken);
        }
        output.WriteByte((byte)'\n');
    }

    private static async Task WriteLineAsync(ArrayBufferWriter<byte> line, Stream output, CancellationToken cancellationToken)
    {
        var text = line.WrittenMemory;
        if (text.Length > 0 && text.Span[^1] == (byte)'\r')
        {
            text = text[..^1];
        }
        if (text.Span.StartsWith(FromSpace))
        {
            output.WriteByte((byte)'>');
        }
        await output.WriteAsync(text, cancellationToken);
        output.WriteByte((byte)'\n');
        line.ResetWrittenCount();
    }
}
