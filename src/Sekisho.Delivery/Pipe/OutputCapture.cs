using System.Text;

namespace Sekisho.Delivery.Pipe;

/// <summary>
/// Reads a command's output stream to its end (so a chatty command never blocks on a full pipe), keeping only
/// the first bytes, from which the first line is taken for the log.
/// </summary>
internal static class OutputCapture
{
    /// <summary>How many bytes are kept.</summary>
    public const int KeptBytes = 4096;

    /// <summary>The longest line reported.</summary>
    public const int MaxLineLength = 200;

    /// <summary>Reads the stream to its end.</summary>
    /// <param name="output">The stream.</param>
    /// <param name="cancellationToken">Stops reading (the bytes kept so far are returned).</param>
    /// <returns>The first <see cref="KeptBytes"/> bytes.</returns>
    public static async Task<byte[]> ReadAsync(Stream output, CancellationToken cancellationToken)
    {
        var kept = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await output.ReadAsync(buffer, cancellationToken)) > 0)
            {
                var room = KeptBytes - (int)kept.Length;
                if (room > 0)
                {
                    kept.Write(buffer, 0, Math.Min(room, read));
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // the command is gone, or something it started still holds the pipe open: keep what was read
        }
        return kept.ToArray();
    }

    /// <summary>The first non-blank line, trimmed, control characters replaced, at most <see cref="MaxLineLength"/> characters.</summary>
    /// <param name="bytes">Captured output.</param>
    /// <returns>The line, or an empty string.</returns>
    public static string FirstLine(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        var clean = new string(line.Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return clean.Length <= MaxLineLength ? clean : clean[..MaxLineLength];
    }
}
