using System.Text;

namespace Sekisho.Fuzz.Targets;

/// <summary>Helpers that turn fuzz bytes into what a parser takes.</summary>
internal static class FuzzInput
{
    /// <summary>Inputs longer than this are skipped: the parsers bound their input long before, and AFL keeps inputs small.</summary>
    public const int MaxLength = 64 * 1024;

    /// <summary>Decodes UTF-8, ill-formed sequences becoming U+FFFD (as <see cref="Encoding.UTF8"/> does on the wire).</summary>
    /// <param name="data">The bytes.</param>
    public static string Text(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(data);

    /// <summary>Splits at every <paramref name="separator"/> into at most <paramref name="max"/> parts (the last keeps the rest).</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="separator">The separator byte, e.g. LF.</param>
    /// <param name="max">The most parts returned.</param>
    public static List<byte[]> Split(ReadOnlySpan<byte> data, byte separator, int max)
    {
        var parts = new List<byte[]>();
        while (parts.Count < max - 1)
        {
            var end = data.IndexOf(separator);
            if (end < 0)
            {
                break;
            }
            parts.Add(data[..end].ToArray());
            data = data[(end + 1)..];
        }
        parts.Add(data.ToArray());
        return parts;
    }

    /// <summary>
    /// True when text read as a file name could reach a device, a FIFO or a kernel file (<c>/dev/zero</c>,
    /// <c>/proc/self/fd/0</c>, a socket under <c>/run</c>) through an include or a table path: such inputs are skipped,
    /// since an endless read there is the admin's own doing, not a parser bug.
    /// </summary>
    /// <param name="text">The decoded input.</param>
    public static bool NamesSpecialFiles(string text) =>
        text.Contains("dev", StringComparison.OrdinalIgnoreCase) || text.Contains("proc", StringComparison.OrdinalIgnoreCase)
        || text.Contains("sys", StringComparison.OrdinalIgnoreCase) || text.Contains("run", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The text of a file-like input (a main.cf, an aliases file), or false when the input is to be skipped: longer
    /// than <see cref="MaxLength"/>, or naming special files (<see cref="NamesSpecialFiles"/>).
    /// </summary>
    /// <param name="data">The bytes.</param>
    /// <param name="text">The decoded input.</param>
    public static bool TryFileText(ReadOnlySpan<byte> data, out string text)
    {
        text = data.Length > MaxLength ? "" : Text(data);
        return data.Length <= MaxLength && !NamesSpecialFiles(text);
    }

    /// <summary>True when every CR is followed by LF and every LF follows a CR.</summary>
    /// <param name="bytes">The content.</param>
    public static bool HasOnlyCrlf(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\r' && (i + 1 == bytes.Length || bytes[i + 1] != '\n'))
            {
                return false;
            }
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Chunk sizes from 1 to 7 taken from the input itself, so a split is reproducible from the input alone.</summary>
    /// <param name="data">The input.</param>
    /// <param name="index">Which chunk.</param>
    public static int ChunkSize(byte[] data, int index) => data.Length == 0 ? 1 : data[index % data.Length] % 7 + 1;
}
