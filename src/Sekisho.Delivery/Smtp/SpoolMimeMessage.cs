using MimeKit;
using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Wraps a queued message as a <see cref="MimeMessage"/> that MailKit sends byte for byte. MailKit 4.18 only
/// sends <see cref="MimeMessage"/>s, and MimeKit always writes a message as "header block, blank line, body".
/// So the header block is the queued header section itself, loaded by MimeKit's header parser (which keeps
/// each header's raw bytes), and the body is a <see cref="SpoolBody"/> that streams the rest from the spool.
/// Only line endings change: bare CR and bare LF become CRLF, and the content ends with CRLF.
/// </summary>
public static class SpoolMimeMessage
{
    private static readonly byte[] Separator = "\r\n\r\n"u8.ToArray();

    /// <summary>Builds the message to send, or explains why it cannot be sent unchanged.</summary>
    /// <param name="message">The queued message.</param>
    /// <param name="headerSectionLimit">The most header bytes read into memory.</param>
    /// <param name="cancellationToken">Server shutdown.</param>
    /// <returns>The message, or null with <paramref name="problem"/> set.</returns>
    public static async Task<(MimeMessage? Message, SmtpProblem? Problem)> CreateAsync(QueuedMessage message, int headerSectionLimit, CancellationToken cancellationToken)
    {
        var (header, skip, complete) = await ReadHeaderSectionAsync(message.OpenContent, headerSectionLimit, cancellationToken);
        if (!complete)
        {
            return (null, SmtpProblem.Bounce($"message header section is longer than {headerSectionLimit} bytes"));
        }
        HeaderList headers;
        try
        {
            headers = header.Length == 0 ? new HeaderList() : HeaderList.Load(new MemoryStream(header, writable: false), cancellationToken);
        }
        catch (FormatException exception)
        {
            return (null, SmtpProblem.Defer("message header section cannot be sent unchanged: " + exception.Message));
        }
        var envelope = message.Envelope;
        var eightBit = string.Equals(envelope.BodyType, "8BITMIME", StringComparison.OrdinalIgnoreCase) || envelope.SmtpUtf8;
        var mime = new MimeMessage(headers) { Body = new SpoolBody(message.OpenContent, skip, eightBit) };
        if (!WritesHeaderUnchanged(mime, header))
        {
            return (null, SmtpProblem.Defer("message header section cannot be sent unchanged"));
        }
        return (mime, null);
    }

    /// <summary>The normalized header section (each line with its CRLF) and how many bytes precede the body.</summary>
    private static async Task<(byte[] Header, long Skip, bool Complete)> ReadHeaderSectionAsync(Func<Stream> openContent, int limit, CancellationToken cancellationToken)
    {
        await using var content = new CrlfContentStream(openContent());
        var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            var searchFrom = (int)Math.Max(0, buffer.Length - 3);
            buffer.Write(chunk, 0, read);
            var data = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (data.Length >= 2 && data[0] == '\r' && data[1] == '\n')
            {
                return ([], 2, true);
            }
            var end = data[searchFrom..].IndexOf(Separator);
            if (end >= 0)
            {
                var headerLength = searchFrom + end + 2;
                return (data[..headerLength].ToArray(), headerLength + 2, true);
            }
            if (buffer.Length > limit)
            {
                return ([], 0, false);
            }
        }
        // No blank line: the whole message is a header section; MimeKit adds the blank line after it.
        return (buffer.ToArray(), buffer.Length, true);
    }

    /// <summary>Checks that MimeKit writes the header block exactly as queued, followed by the blank line.</summary>
    private static bool WritesHeaderUnchanged(MimeMessage mime, byte[] header)
    {
        var written = new MemoryStream();
        mime.WriteTo(SmtpFormat.Options, written, headersOnly: true);
        var expected = new byte[header.Length + 2];
        header.CopyTo(expected, 0);
        expected[^2] = (byte)'\r';
        expected[^1] = (byte)'\n';
        return written.GetBuffer().AsSpan(0, (int)written.Length).SequenceEqual(expected);
    }
}
