using MimeKit;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// The body of a <see cref="SpoolMimeMessage"/>: writes the queued content after its header section, streamed from
/// the spool with line endings repaired, instead of anything MimeKit would serialize. It has no headers of its own.
/// Its <see cref="MessagePart.Message"/> is a marker whose 8bit part makes MailKit send <c>BODY=8BITMIME</c>; it is never written.
/// </summary>
public sealed class SpoolBody : MessagePart
{
    private readonly Func<Stream> _openContent;
    private readonly long _skip;

    /// <summary>Creates the body.</summary>
    /// <param name="openContent">Opens a fresh stream over the raw queued content (called once per write).</param>
    /// <param name="skip">How many normalized bytes (header section and blank line) come before the body.</param>
    /// <param name="eightBit">Whether the message is 8bit, so MailKit announces <c>BODY=8BITMIME</c>.</param>
    public SpoolBody(Func<Stream> openContent, long skip, bool eightBit)
    {
        _openContent = openContent;
        _skip = skip;
        Headers.Clear();
        Message = new MimeMessage((IEnumerable<Header>)[]);
        Message.Body = new MimePart("application", "octet-stream")
        {
            ContentTransferEncoding = eightBit ? ContentEncoding.EightBit : ContentEncoding.SevenBit,
        };
    }

    /// <inheritdoc/>
    public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        using var content = new CrlfContentStream(_openContent());
        var buffer = new byte[16 * 1024];
        var skip = _skip;
        int read;
        while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = (int)Math.Min(skip, read);
            skip -= start;
            stream.Write(buffer, start, read - start);
        }
    }

    /// <inheritdoc/>
    public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
    {
        await using var content = new CrlfContentStream(_openContent());
        var buffer = new byte[16 * 1024];
        var skip = _skip;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = (int)Math.Min(skip, read);
            skip -= start;
            await stream.WriteAsync(buffer.AsMemory(start, read - start), cancellationToken);
        }
    }
}
