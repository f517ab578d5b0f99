using System.Text;

namespace Sekisho.Bench.Micro;

/// <summary>
/// A message as a client sends it after DATA's 354, exactly <c>size</c> bytes long including the final <c>.CRLF</c>:
/// a few headers, then text lines of up to 76 characters, one in eight starting with a dot (sent dot-stuffed as
/// <c>..</c>), the last line padded to the exact size.
/// </summary>
internal static class DataMessage
{
    private const string Text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. ";

    /// <summary>The wire bytes.</summary>
    /// <param name="size">The total size; at least 256.</param>
    public static byte[] Create(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 256);
        const string terminator = ".\r\n";
        var wire = new StringBuilder(size);
        wire.Append("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.net>\r\nSubject: benchmark\r\n")
            .Append("Message-ID: <bench@example.org>\r\n\r\n");
        var line = 0;
        while (true)
        {
            var remaining = size - terminator.Length - wire.Length;
            var length = 40 + (line * 7 % 37); // 40-76 characters
            var stuffed = line % 8 == 3;
            var needed = length + 2 + (stuffed ? 1 : 0);
            if (remaining < needed + 80)
            {
                // Last line: pad to the exact size (at least one character before the CRLF).
                wire.Append('x', Math.Max(1, remaining - 2)).Append("\r\n");
                break;
            }
            if (stuffed)
            {
                wire.Append("..");
                length--;
            }
            wire.Append(Text, line * 13 % (Text.Length - 80), length).Append("\r\n");
            line++;
        }
        wire.Append(terminator);
        var bytes = Encoding.ASCII.GetBytes(wire.ToString());
        if (bytes.Length != size)
        {
            throw new InvalidOperationException($"built {bytes.Length} bytes instead of {size}");
        }
        return bytes;
    }
}
