using System.Text;

namespace Sekisho.Policy.Tables;

/// <summary>
/// Reads a table source file into logical lines, with limits: at most <see cref="MaxFileBytes"/> bytes and
/// <see cref="MaxLineChars"/> characters per logical line. Lines whose first non-blank character is <c>#</c> and blank
/// lines are skipped. In Postfix files a line that starts with whitespace continues the previous entry
/// (postmap(1), cidr_table(5)); Sendmail and XMail files have no continuation lines.
/// </summary>
internal static class TableFileReader
{
    /// <summary>The largest table file read (256 MiB; 100,000 CIDR entries take about 2 MB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The longest logical line.</summary>
    public const int MaxLineChars = 64 * 1024;

    /// <summary>Reads the file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="continuationLines">Whether a line starting with whitespace continues the previous one.</param>
    /// <exception cref="TableException">The file cannot be read, is too big, is a binary database, or has a line too long.</exception>
    public static List<TableLine> Read(string path, bool continuationLines)
    {
        var text = Decode(path, ReadBytes(path));
        var lines = new List<TableLine>();
        var number = 0;
        var start = 0;
        string? pending = null;
        var pendingLine = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                end = text.Length;
            }
            var raw = text.AsSpan(start, end - start).TrimEnd('\r');
            start = end + 1;
            number++;
            if (raw.Length > MaxLineChars)
            {
                throw new TableException(path, number, $"line longer than {MaxLineChars} characters");
            }
            var trimmed = raw.Trim();
            if (trimmed.IsEmpty || trimmed[0] == '#')
            {
                continue;
            }
            if (continuationLines && char.IsWhiteSpace(raw[0]))
            {
                if (pending is null)
                {
                    throw new TableException(path, number, "a line that starts with whitespace continues the entry above, but there is none");
                }
                if (pending.Length + trimmed.Length + 1 > MaxLineChars)
                {
                    throw new TableException(path, pendingLine, $"entry longer than {MaxLineChars} characters");
                }
                pending = string.Concat(pending, " ", trimmed);
                continue;
            }
            if (pending is not null)
            {
                lines.Add(new TableLine(pendingLine, pending));
            }
            pending = trimmed.ToString();
            pendingLine = number;
        }
        if (pending is not null)
        {
            lines.Add(new TableLine(pendingLine, pending));
        }
        return lines;
    }

    private static byte[] ReadBytes(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > MaxFileBytes)
            {
                throw new TableException(path, 0, $"file larger than {MaxFileBytes / (1024 * 1024)} MiB");
            }
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException exception)
        {
            throw new TableException(path, "cannot open: no such file", exception);
        }
        catch (DirectoryNotFoundException exception)
        {
            throw new TableException(path, "cannot open: no such directory", exception);
        }
        catch (UnauthorizedAccessException exception)
        {
            throw new TableException(path, "cannot open: permission denied", exception);
        }
        catch (EndOfStreamException exception)
        {
            throw new TableException(path, "the file shrank while it was read", exception);
        }
        catch (IOException exception)
        {
            throw new TableException(path, "cannot read: " + exception.Message, exception);
        }
    }

    private static string Decode(string path, byte[] bytes)
    {
        if (Array.IndexOf(bytes, (byte)0) >= 0)
        {
            throw new TableException(path, 0, "this is a binary database (such as a .db file made by postmap or makemap), "
                + "not a text table: Sekisho reads the source text file directly, so name that file instead");
        }
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }
}
