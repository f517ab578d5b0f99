using Sekisho.Config;
using Sekisho.Queue.Pickup;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// Writes one locally submitted message into the maildrop folder: reads the header section (at most
/// <see cref="HeaderSizeLimit"/> bytes, as Postfix's <c>header_size_limit</c>; what follows is body), completes it
/// (<see cref="HeaderSection"/>), then streams the body through, CRLF line ends, never holding it in memory. A leading
/// mbox <c>From </c> line is dropped. Used by the sendmail command for standard input and by <c>-bs</c> for DATA.
/// </summary>
internal sealed class LocalSubmitter
{
    /// <summary>Postfix's <c>header_size_limit</c> default.</summary>
    public const int HeaderSizeLimit = 102_400;

    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private readonly SekishoSettings _settings;
    private readonly string _folder;

    /// <param name="settings">myorigin, myhostname and message_size_limit.</param>
    /// <param name="folder">The maildrop folder.</param>
    public LocalSubmitter(SekishoSettings settings, string folder)
    {
        _settings = settings;
        _folder = folder;
    }

    /// <summary>Reads the message from <paramref name="input"/> and leaves it in the maildrop folder.</summary>
    /// <param name="request">The envelope as asked for.</param>
    /// <param name="input">The message: LF or CRLF line ends; ends at its end or, with <see cref="SubmissionRequest.DotEndsInput"/>, at a line holding a single dot.</param>
    /// <param name="cancellationToken">Abort.</param>
    public async Task<SubmissionResult> SubmitAsync(SubmissionRequest request, Stream input, CancellationToken cancellationToken)
    {
        var reader = new InputLineReader(input);
        var headerLines = new List<byte[]>();
        var headerBytes = 0;
        InputLineReader.Line? firstBodyLine = null;
        var ended = false; // input over (end of stream or the dot line)
        var first = true;
        while (true)
        {
            var next = await reader.ReadAsync(cancellationToken);
            if (next is not { } line || (request.DotEndsInput && line.IsDot))
            {
                ended = true;
                break;
            }
            if (first && line.Ended && line.Starts && line.Bytes.AsSpan().StartsWith("From "u8))
            {
                first = false;
                continue; // an mbox From_ line (Postfix's sendmail drops it too)
            }
            first = false;
            if (line.IsEmpty)
            {
                break;
            }
            var isHeader = line.Ended && line.Starts && (IsFieldLine(line.Bytes) || (headerLines.Count > 0 && line.Bytes[0] is (byte)' ' or (byte)'\t'));
            if (!isHeader || headerBytes + line.Bytes.Length + 2 > HeaderSizeLimit)
            {
                firstBodyLine = line;
                break;
            }
            headerLines.Add(line.Bytes);
            headerBytes += line.Bytes.Length + 2;
        }

        var headers = HeaderSection.Parse(headerLines);
        var recipients = new List<MaildropRecipient>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var recipient in request.Recipients.Where(r => seen.Add(r.Address)))
        {
            recipients.Add(recipient);
        }
        if (request.ExtractRecipients)
        {
            if (!headers.TryExtractRecipients(_settings.MyOrigin, out var extracted, out var bad))
            {
                await DrainAsync(reader, ended, cancellationToken);
                return new SubmissionResult(SubmissionOutcome.BadAddress, "bad address syntax in header " + bad);
            }
            recipients.AddRange(extracted.Where(seen.Add).Select(a => new MaildropRecipient(a, request.Notify)));
        }
        if (recipients.Count == 0)
        {
            await DrainAsync(reader, ended, cancellationToken);
            return new SubmissionResult(SubmissionOutcome.NoRecipients, request.ExtractRecipients
                ? "No recipient addresses found in message header"
                : "Recipient addresses must be specified on the command line or via the -t option");
        }
        headers.Complete(request.Sender, request.FullName, _settings.MyOrigin, _settings.MyHostname);

        var envelope = new MaildropEnvelope
        {
            Sender = request.Sender,
            Recipients = recipients,
            Return = request.Return,
            EnvelopeId = request.EnvelopeId,
            Protocol = request.Protocol,
            Helo = request.Helo,
            BodyType = request.BodyType,
        };
        MaildropWriter writer;
        try
        {
            writer = await MaildropWriter.CreateAsync(_folder, envelope, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await DrainAsync(reader, ended, cancellationToken);
            return new SubmissionResult(SubmissionOutcome.QueueUnwritable, $"{_folder}: {exception.Message}");
        }
        await using (writer)
        {
            try
            {
                await writer.AppendAsync(headers.ToBytes(), cancellationToken);
                await writer.AppendAsync(Crlf, cancellationToken);
                if (firstBodyLine is { } body)
                {
                    await WriteLineAsync(writer, body, cancellationToken);
                }
                while (!ended)
                {
                    if (TooBig(writer))
                    {
                        await reader.DrainAsync(cancellationToken);
                        return new SubmissionResult(SubmissionOutcome.TooBig, "message file too big");
                    }
                    var next = await reader.ReadAsync(cancellationToken);
                    if (next is not { } line || (request.DotEndsInput && line.IsDot))
                    {
                        break;
                    }
                    await WriteLineAsync(writer, line, cancellationToken);
                }
                if (TooBig(writer))
                {
                    return new SubmissionResult(SubmissionOutcome.TooBig, "message file too big");
                }
                await writer.CommitAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                await DrainAsync(reader, ended, cancellationToken);
                return new SubmissionResult(SubmissionOutcome.QueueUnwritable, $"{_folder}: {exception.Message}");
            }
        }
        MaildropFolder.Wake(Path.GetDirectoryName(_folder)!);
        return new SubmissionResult(SubmissionOutcome.Submitted, "", writer.Name, recipients.Count);
    }

    private bool TooBig(MaildropWriter writer) => _settings.MessageSizeLimit > 0 && writer.ContentSize > _settings.MessageSizeLimit;

    private static async Task WriteLineAsync(MaildropWriter writer, InputLineReader.Line line, CancellationToken cancellationToken)
    {
        await writer.AppendAsync(line.Bytes, cancellationToken);
        if (line.Ended)
        {
            await writer.AppendAsync(Crlf, cancellationToken);
        }
    }

    private static async Task DrainAsync(InputLineReader reader, bool ended, CancellationToken cancellationToken)
    {
        if (!ended)
        {
            await reader.DrainAsync(cancellationToken);
        }
    }

    /// <summary>A header field line: a name of printable characters other than colon, then a colon.</summary>
    private static bool IsFieldLine(byte[] line)
    {
        var colon = Array.IndexOf(line, (byte)':');
        if (colon <= 0)
        {
            return false;
        }
        for (var i = 0; i < colon; i++)
        {
            if (line[i] is < 33 or > 126)
            {
                return false;
            }
        }
        return true;
    }
}
