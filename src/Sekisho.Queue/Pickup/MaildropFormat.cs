using System.Text;
using Sekisho.Queue.Files;

namespace Sekisho.Queue.Pickup;

/// <summary>
/// The maildrop file: a text envelope, a blank line, then the message content with CRLF line ends.
/// <code>
/// sekisho-maildrop 1
/// sender alice@example.com
/// recipient SUCCESS,FAILURE bob@example.org
/// ret FULL
/// envid QQ314159
/// protocol local
/// helo %
/// body 7BIT
///
/// Subject: ...
/// </code>
/// Each field is encoded as in queue files (<c>%XX</c> for controls, space and <c>%</c>; <c>%</c> alone for empty).
/// The reader is strict and bounded: anyone on the host can write a file here.
/// </summary>
public static class MaildropFormat
{
    /// <summary>The first line of every maildrop file.</summary>
    public const string Magic = "sekisho-maildrop 1";

    private static ReadOnlySpan<byte> MagicLine => "sekisho-maildrop 1\n"u8;

    /// <summary>Largest envelope the reader takes (about 4,000 recipients of 256 octets).</summary>
    public const int MaxEnvelopeBytes = 1024 * 1024;

    /// <summary>Formats the envelope, ending with the blank line.</summary>
    /// <param name="envelope">The envelope.</param>
    public static byte[] WriteEnvelope(MaildropEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var text = new StringBuilder(256).Append(Magic).Append('\n');
        text.Append("sender ").Append(FieldCodec.Encode(envelope.Sender)).Append('\n');
        foreach (var recipient in envelope.Recipients)
        {
            text.Append("recipient ").Append(FieldCodec.Encode(QueueFileFormat.FormatNotify(recipient.Notify))).Append(' ')
                .Append(FieldCodec.Encode(recipient.Address)).Append('\n');
        }
        var ret = envelope.Return switch { DsnReturn.Full => "FULL", DsnReturn.Headers => "HDRS", _ => "" };
        text.Append("ret ").Append(FieldCodec.Encode(ret)).Append('\n')
            .Append("envid ").Append(FieldCodec.Encode(envelope.EnvelopeId)).Append('\n')
            .Append("protocol ").Append(FieldCodec.Encode(envelope.Protocol)).Append('\n')
            .Append("helo ").Append(FieldCodec.Encode(envelope.Helo)).Append('\n')
            .Append("body ").Append(FieldCodec.Encode(envelope.BodyType)).Append('\n')
            .Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Reads the envelope and leaves <paramref name="stream"/> at the first byte of content.
    /// </summary>
    /// <param name="stream">A seekable stream at the start of a maildrop file.</param>
    /// <param name="envelope">The envelope, when valid.</param>
    /// <param name="error">Why the file is not a valid maildrop file.</param>
    public static bool TryReadEnvelope(Stream stream, out MaildropEnvelope envelope, out string error)
    {
        envelope = null!;
        var buffer = new byte[Math.Min(MaxEnvelopeBytes, Math.Max(64, stream.Length))];
        var length = 0;
        var end = -1;
        while (end < 0 && length < buffer.Length)
        {
            var read = stream.Read(buffer, length, buffer.Length - length);
            if (read == 0)
            {
                break;
            }
            var searchFrom = Math.Max(0, length - 1);
            length += read;
            var found = buffer.AsSpan(searchFrom, length - searchFrom).IndexOf("\n\n"u8);
            end = found < 0 ? -1 : searchFrom + found;
        }
        if (!buffer.AsSpan(0, length).StartsWith(MagicLine))
        {
            error = "not a maildrop file";
            return false;
        }
        if (end < 0)
        {
            error = length >= MaxEnvelopeBytes ? "envelope too large" : "no end of envelope";
            return false;
        }
        stream.Position = end + 2;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, end);
        }
        catch (DecoderFallbackException)
        {
            error = "envelope is not UTF-8";
            return false;
        }
        return TryParse(text.Split('\n'), out envelope, out error);
    }

    private static bool TryParse(string[] lines, out MaildropEnvelope envelope, out string error)
    {
        envelope = null!;
        if (lines[0] != Magic)
        {
            error = "not a maildrop file";
            return false;
        }
        string? sender = null;
        var recipients = new List<MaildropRecipient>();
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ');
            switch (parts[0])
            {
                case "sender" when parts.Length == 2 && sender is null && FieldCodec.TryDecode(parts[1], out var address):
                    sender = address;
                    break;
                case "recipient" when parts.Length == 3 && FieldCodec.TryDecode(parts[1], out var notifyText)
                    && QueueFileFormat.TryParseNotify(notifyText, out var notify) && (notify == DsnNotify.Never || (notify & DsnNotify.Never) == 0)
                    && FieldCodec.TryDecode(parts[2], out var address) && address.Length > 0:
                    recipients.Add(new MaildropRecipient(address, notify));
                    break;
                case "ret" or "envid" or "protocol" or "helo" or "body" when parts.Length == 2 && !fields.ContainsKey(parts[0])
                    && FieldCodec.TryDecode(parts[1], out var value):
                    fields[parts[0]] = value;
                    break;
                default:
                    error = $"bad envelope line {i + 1}";
                    return false;
            }
        }
        if (sender is null || recipients.Count == 0)
        {
            error = sender is null ? "no sender" : "no recipients";
            return false;
        }
        var ret = fields.GetValueOrDefault("ret", "");
        if (ret is not ("" or "FULL" or "HDRS"))
        {
            error = "bad ret";
            return false;
        }
        envelope = new MaildropEnvelope
        {
            Sender = sender,
            Recipients = recipients,
            Return = ret switch { "FULL" => DsnReturn.Full, "HDRS" => DsnReturn.Headers, _ => DsnReturn.Default },
            EnvelopeId = fields.GetValueOrDefault("envid", ""),
            Protocol = fields.GetValueOrDefault("protocol", "local"),
            Helo = fields.GetValueOrDefault("helo", ""),
            BodyType = fields.GetValueOrDefault("body", "7BIT"),
        };
        error = "";
        return true;
    }
}
