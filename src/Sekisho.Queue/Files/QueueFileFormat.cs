using System.Globalization;
using System.Text;

namespace Sekisho.Queue.Files;

/// <summary>
/// The queue file: a text header, then the message exactly as it will be delivered, then (once a recipient was
/// deferred) the deferral trailer. One file per message, written once and renamed into place; afterwards only the
/// per-recipient status byte and the warned flag are changed in place, and the trailer after the content is replaced.
/// <code>
/// SEKISHO-QUEUE 1
/// id 6410A2F3C81B2
/// time 1732380000123
/// size 000000000001234          fixed width: patched after the body is written
/// warned 0                      patched to 1 once a delay warning went out
/// client unknown 127.0.0.1
/// helo client.example
/// proto ESMTP
/// body 8BITMIME
/// utf8 0
/// ret FULL                      RFC 3461 RET, ENVID (optional)
/// envid QQ314159
/// notice 2bounce                a notice to the postmaster about a failed bounce (optional)
/// from alice@example.com       % = null sender
/// rcpt P local alice alice@example.com postmaster@example.com SUCCESS,FAILURE rfc822;alice@example.com
/// end
/// (message bytes: exactly "size" of them)
/// SEKISHO-DEFER 1 0000000084 D1627998      the deferral trailer (optional): record bytes, CRC-32C of them
/// bob@remote.example(TAB)451 4.3.0 try again later
/// carol@other.example(TAB)deferred transport
/// end
/// </code>
/// Fields are <see cref="FieldCodec"/>-encoded. A file shorter than header + size is corrupt. The last two fields of a
/// recipient (NOTIFY and ORCPT) are absent in files of earlier versions.
/// <para>
/// The content is exactly the <c>size</c> bytes after the header's <c>end</c> line, and nothing ever reads past it
/// (<see cref="ContentStream"/>): whatever follows is the deferral trailer, why each pending recipient was last deferred,
/// for <c>sekisho queue list</c> (<see cref="DeferTrailer"/>). It starts right at header + size with a 36-byte line
/// <c>SEKISHO-DEFER 1 LLLLLLLLLL CCCCCCCC</c> (the record length in 10 decimal digits, the CRC-32C of the records in 8
/// upper-case hex digits), then the records, UTF-8 lines <c>address TAB reason LF</c> (CR and LF in a reason, and TAB
/// in an address, are written as spaces; records past <see cref="DeferTrailer.MaxRecordBytes"/> are left out), then
/// <c>end LF</c>. It is written with one positional write and not synced (it is informational); a new trailer replaces
/// the old one, the file being cut after it when it is shorter (bytes left after the <c>end</c> line by a crash before
/// the cut are ignored). A reader checks the magic, the length against the file, the checksum and the <c>end</c> line,
/// and treats anything else after the content (a trailer torn by a crash, zeros, a half-replaced trailer) as no
/// reasons: never an error, never a corrupt file. A file with nothing after the content (never deferred, or written
/// by an earlier version) has no trailer; the earlier versions' reasons are in <c>queue/defer/ID</c>
/// (<see cref="Spool.DeferLogDirectory"/>).
/// </para>
/// </summary>
internal static class QueueFileFormat
{
    public const string Magic = "SEKISHO-QUEUE 1";
    private const int SizeDigits = 15;
    private const string SizePrefix = "size ";
    private const string WarnedPrefix = "warned ";
    private const string RecipientPrefix = "rcpt ";

    public static byte[] WriteHeader(string queueId, QueueEnvelope envelope, out int sizeOffset, out int warnedOffset)
    {
        var text = new StringBuilder(256);
        text.Append(Magic).Append('\n');
        text.Append("id ").Append(queueId).Append('\n');
        text.Append("time ").Append(envelope.ArrivalTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)).Append('\n');
        var beforeSize = Encoding.UTF8.GetByteCount(text.ToString());
        text.Append(SizePrefix).Append(new string('0', SizeDigits)).Append('\n');
        warnedOffset = Encoding.UTF8.GetByteCount(text.ToString()) + WarnedPrefix.Length;
        text.Append(WarnedPrefix).Append('0').Append('\n');
        text.Append("client ").Append(FieldCodec.Encode(envelope.ClientName)).Append(' ').Append(FieldCodec.Encode(envelope.ClientAddress)).Append('\n');
        text.Append("helo ").Append(FieldCodec.Encode(envelope.Helo)).Append('\n');
        text.Append("proto ").Append(FieldCodec.Encode(envelope.Protocol)).Append('\n');
        text.Append("body ").Append(FieldCodec.Encode(envelope.BodyType)).Append('\n');
        text.Append("utf8 ").Append(envelope.SmtpUtf8 ? '1' : '0').Append('\n');
        if (envelope.Return != DsnReturn.Default)
        {
            text.Append("ret ").Append(envelope.Return == DsnReturn.Full ? "FULL" : "HDRS").Append('\n');
        }
        if (envelope.EnvelopeId.Length > 0)
        {
            text.Append("envid ").Append(FieldCodec.Encode(envelope.EnvelopeId)).Append('\n');
        }
        if (envelope.IsPostmasterNotice)
        {
            text.Append("notice 2bounce\n");
        }
        text.Append("from ").Append(FieldCodec.Encode(envelope.Sender)).Append('\n');
        foreach (var recipient in envelope.Recipients)
        {
            text.Append(RecipientPrefix).Append((char)recipient.Status).Append(' ')
                .Append(FieldCodec.Encode(recipient.Transport)).Append(' ')
                .Append(FieldCodec.Encode(recipient.NextHop)).Append(' ')
                .Append(FieldCodec.Encode(recipient.Address)).Append(' ')
                .Append(FieldCodec.Encode(recipient.OriginalAddress ?? "")).Append(' ')
                .Append(FieldCodec.Encode(FormatNotify(recipient.Notify))).Append(' ')
                .Append(FieldCodec.Encode(recipient.OriginalRecipient)).Append('\n');
        }
        text.Append("end\n");
        sizeOffset = beforeSize + SizePrefix.Length;
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public static byte[] FormatSize(long size) =>
        Encoding.ASCII.GetBytes(size.ToString("D" + SizeDigits, CultureInfo.InvariantCulture));

    /// <summary>Reads the header from the start of <paramref name="stream"/>.</summary>
    /// <returns>Null with a reason when the file is not a valid queue file.</returns>
    public static QueueFileHeader? ReadHeader(Stream stream, out string problem)
    {
        problem = "";
        var envelope = new Dictionary<string, string>(StringComparer.Ordinal);
        var recipients = new List<QueueRecipient>();
        var statusOffsets = new List<long>();
        long warnedOffset = -1;
        long offset = 0;
        var first = true;
        while (true)
        {
            var line = ReadLine(stream, ref offset, out var lineStart);
            if (line is null)
            {
                problem = "truncated header";
                return null;
            }
            if (first)
            {
                first = false;
                if (line != Magic)
                {
                    problem = "not a queue file";
                    return null;
                }
                continue;
            }
            if (line == "end")
            {
                break;
            }
            var space = line.IndexOf(' ');
            if (space <= 0)
            {
                problem = "bad header line";
                return null;
            }
            var name = line[..space];
            var value = line[(space + 1)..];
            if (name == "rcpt")
            {
                var parts = value.Split(' ');
                var notify = DsnNotify.None;
                var orcpt = "";
                if (parts.Length is not (5 or 7) || parts[0].Length != 1 || !Enum.IsDefined(typeof(RecipientStatus), (byte)parts[0][0])
                    || !FieldCodec.TryDecode(parts[1], out var transport) || !FieldCodec.TryDecode(parts[2], out var nextHop)
                    || !FieldCodec.TryDecode(parts[3], out var address) || !FieldCodec.TryDecode(parts[4], out var original)
                    || (parts.Length == 7 && (!FieldCodec.TryDecode(parts[5], out var notifyText) || !TryParseNotify(notifyText, out notify)
                                              || !FieldCodec.TryDecode(parts[6], out orcpt))))
                {
                    problem = "bad recipient record";
                    return null;
                }
                recipients.Add(new QueueRecipient(address, original.Length == 0 ? null : original, transport, nextHop, (RecipientStatus)(byte)parts[0][0],
                    notify, orcpt));
                statusOffsets.Add(lineStart + RecipientPrefix.Length);
                continue;
            }
            if (name == "warned")
            {
                warnedOffset = lineStart + WarnedPrefix.Length;
            }
            envelope[name] = value;
        }

        if (!envelope.TryGetValue("id", out var id) || !QueueId.IsValid(id)
            || !envelope.TryGetValue("time", out var time) || !long.TryParse(time, NumberStyles.None, CultureInfo.InvariantCulture, out var arrival)
            || !envelope.TryGetValue("size", out var sizeText) || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || !envelope.TryGetValue("from", out var fromField) || !FieldCodec.TryDecode(fromField, out var sender)
            || recipients.Count == 0)
        {
            problem = "missing or bad envelope record";
            return null;
        }
        string Field(string name) => envelope.TryGetValue(name, out var v) && FieldCodec.TryDecode(v, out var d) ? d : "";
        var client = envelope.TryGetValue("client", out var c) ? c.Split(' ') : [];
        var result = new QueueEnvelope
        {
            Sender = sender,
            Recipients = recipients,
            ArrivalTime = DateTimeOffset.FromUnixTimeMilliseconds(arrival),
            ClientName = client.Length == 2 && FieldCodec.TryDecode(client[0], out var cn) ? cn : "unknown",
            ClientAddress = client.Length == 2 && FieldCodec.TryDecode(client[1], out var ca) ? ca : "",
            Helo = Field("helo"),
            Protocol = Field("proto"),
            BodyType = Field("body"),
            SmtpUtf8 = Field("utf8") == "1",
            Return = Field("ret") switch { "FULL" => DsnReturn.Full, "HDRS" => DsnReturn.Headers, _ => DsnReturn.Default },
            EnvelopeId = Field("envid"),
            IsPostmasterNotice = Field("notice") == "2bounce",
        };
        return new QueueFileHeader(id, result, offset, size, statusOffsets, warnedOffset, Field("warned") == "1");
    }

    /// <summary><c>SUCCESS,FAILURE</c>, <c>NEVER</c>, or empty for none.</summary>
    public static string FormatNotify(DsnNotify notify)
    {
        if (notify == DsnNotify.None)
        {
            return "";
        }
        if ((notify & DsnNotify.Never) != 0)
        {
            return "NEVER";
        }
        var words = new List<string>(3);
        if ((notify & DsnNotify.Success) != 0)
        {
            words.Add("SUCCESS");
        }
        if ((notify & DsnNotify.Failure) != 0)
        {
            words.Add("FAILURE");
        }
        if ((notify & DsnNotify.Delay) != 0)
        {
            words.Add("DELAY");
        }
        return string.Join(',', words);
    }

    /// <summary>Reads what <see cref="FormatNotify"/> wrote.</summary>
    public static bool TryParseNotify(string text, out DsnNotify notify)
    {
        notify = DsnNotify.None;
        if (text.Length == 0)
        {
            return true;
        }
        foreach (var word in text.Split(','))
        {
            notify |= word switch
            {
                "NEVER" => DsnNotify.Never,
                "SUCCESS" => DsnNotify.Success,
                "FAILURE" => DsnNotify.Failure,
                "DELAY" => DsnNotify.Delay,
                _ => (DsnNotify)0xFF,
            };
        }
        return notify <= (DsnNotify.Never | DsnNotify.Success | DsnNotify.Failure | DsnNotify.Delay);
    }

    private static string? ReadLine(Stream stream, ref long offset, out long lineStart)
    {
        lineStart = offset;
        var bytes = new List<byte>(64);
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return null;
            }
            offset++;
            if (b == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }
            if (bytes.Count > 4096)
            {
                return null;
            }
            bytes.Add((byte)b);
        }
    }
}
