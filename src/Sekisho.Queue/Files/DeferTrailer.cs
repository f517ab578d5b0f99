using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sekisho.Queue.Files;

/// <summary>
/// The deferral reasons a queue file carries after its content, for <c>sekisho queue list</c> (the format is
/// described in <see cref="QueueFileFormat"/>). Written with one positional write and never synced: a trailer torn by
/// a crash, or overwritten while being read, fails its checks and reads as "no reasons", never as an error.
/// </summary>
internal static class DeferTrailer
{
    /// <summary>The most record bytes a trailer holds; reasons beyond are left out (they are informational).</summary>
    public const int MaxRecordBytes = 1 << 20;

    /// <summary>Length of the first line: <c>SEKISHO-DEFER 1 </c>, 10 digits, a space, 8 hex digits, LF.</summary>
    public const int HeaderLength = 16 + LengthDigits + 1 + ChecksumDigits + 1;

    private const int LengthDigits = 10;
    private const int ChecksumDigits = 8;
    private const int StackLimit = 1024;

    private static ReadOnlySpan<byte> Magic => "SEKISHO-DEFER 1 "u8;

    private static ReadOnlySpan<byte> End => "end\n"u8;

    /// <summary>Writes a trailer at <paramref name="offset"/> (the end of the content) in one positional write.</summary>
    /// <param name="file">The queue file, open for writing.</param>
    /// <param name="offset">Where the content ends.</param>
    /// <param name="reasons">Recipient address and reason.</param>
    /// <returns>Where the trailer ends: the file must be cut there if it was longer.</returns>
    public static long Write(SafeFileHandle file, long offset, IReadOnlyList<(string Address, string Reason)> reasons)
    {
        var records = 0;
        var count = 0;
        for (; count < reasons.Count; count++)
        {
            var (address, reason) = reasons[count];
            var line = Encoding.UTF8.GetByteCount(address) + 1 + Encoding.UTF8.GetByteCount(reason) + 1;
            if (line > MaxRecordBytes - records)
            {
                break;
            }
            records += line;
        }
        var total = HeaderLength + records + End.Length;
        byte[]? rented = null;
        Span<byte> buffer = total <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(total));
        try
        {
            var body = buffer.Slice(HeaderLength, records);
            var at = 0;
            for (var i = 0; i < count; i++)
            {
                var (address, reason) = reasons[i];
                at += EncodeField(address, body[at..], isAddress: true);
                body[at++] = (byte)'\t';
                at += EncodeField(reason, body[at..], isAddress: false);
                body[at++] = (byte)'\n';
            }
            var header = buffer[..HeaderLength];
            Magic.CopyTo(header);
            records.TryFormat(header.Slice(Magic.Length, LengthDigits), out _, "D10", CultureInfo.InvariantCulture);
            header[Magic.Length + LengthDigits] = (byte)' ';
            Crc32C.Compute(body).TryFormat(header.Slice(Magic.Length + LengthDigits + 1, ChecksumDigits), out _, "X8", CultureInfo.InvariantCulture);
            header[^1] = (byte)'\n';
            End.CopyTo(buffer[(HeaderLength + records)..]);
            RandomAccess.Write(file, buffer[..total], offset);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        return offset + total;
    }

    /// <summary>Reads the trailer at <paramref name="offset"/> (the end of the content).</summary>
    /// <param name="file">The queue file.</param>
    /// <param name="offset">Where the content ends.</param>
    /// <returns>
    /// The reasons by recipient address; null when nothing follows the content (never deferred, or written by an
    /// earlier version); empty when the trailer is torn or damaged.
    /// </returns>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Dictionary<string, string>? Read(SafeFileHandle file, long offset)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        var got = ReadFully(file, header, offset);
        if (got == 0)
        {
            return null;
        }
        var reasons = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (got < HeaderLength || !TryParseHeader(header, out var length, out var checksum))
        {
            return reasons;
        }
        var rented = ArrayPool<byte>.Shared.Rent(length + End.Length);
        try
        {
            var data = rented.AsSpan(0, length + End.Length);
            if (ReadFully(file, data, offset + HeaderLength) == data.Length && data[length..].SequenceEqual(End)
                && Crc32C.Compute(data[..length]) == checksum)
            {
                Parse(data[..length], reasons);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
        return reasons;
    }

    /// <summary>Encodes a field as UTF-8; CR and LF (and TAB in an address) become spaces, as they separate records.</summary>
    private static int EncodeField(string text, Span<byte> destination, bool isAddress)
    {
        var written = destination[..Encoding.UTF8.GetBytes(text, destination)];
        // UTF-8 never uses these bytes inside a multi-byte sequence.
        written.Replace((byte)'\r', (byte)' ');
        written.Replace((byte)'\n', (byte)' ');
        if (isAddress)
        {
            written.Replace((byte)'\t', (byte)' ');
        }
        return written.Length;
    }

    private static bool TryParseHeader(ReadOnlySpan<byte> header, out int length, out uint checksum)
    {
        length = 0;
        checksum = 0;
        if (!header.StartsWith(Magic) || header[Magic.Length + LengthDigits] != (byte)' ' || header[^1] != (byte)'\n'
            || !long.TryParse(header.Slice(Magic.Length, LengthDigits), NumberStyles.None, CultureInfo.InvariantCulture, out var declared)
            || declared > MaxRecordBytes
            || !uint.TryParse(header.Slice(Magic.Length + LengthDigits + 1, ChecksumDigits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out checksum))
        {
            return false;
        }
        length = (int)declared;
        return true;
    }

    private static void Parse(ReadOnlySpan<byte> records, Dictionary<string, string> reasons)
    {
        while (!records.IsEmpty)
        {
            var newline = records.IndexOf((byte)'\n');
            var line = newline < 0 ? records : records[..newline];
            records = newline < 0 ? default : records[(newline + 1)..];
            var tab = line.IndexOf((byte)'\t');
            if (tab > 0)
            {
                reasons[Encoding.UTF8.GetString(line[..tab])] = Encoding.UTF8.GetString(line[(tab + 1)..]);
            }
        }
    }

    private static int ReadFully(SafeFileHandle file, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(file, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
