using System.Text;

namespace Sekisho.EndToEnd.Tests.Infrastructure;

/// <summary>Reads a delivered Maildir file and splits off the Received: header Sekisho prepended.</summary>
public static class MaildirMessage
{
    /// <summary>The file's bytes without the first header if it is Sekisho's Received: (with its continuation lines).</summary>
    public static byte[] WithoutOurReceived(string path, out string received)
    {
        var bytes = File.ReadAllBytes(path);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.StartsWith("Received: from ", text);
        var end = 0;
        do
        {
            end = text.IndexOf("\r\n", end, StringComparison.Ordinal) + 2;
        }
        while (end < text.Length && (text[end] == '\t' || text[end] == ' '));
        received = text[..end];
        Assert.Contains("(Sekisho) with ", received);
        var prefixBytes = Encoding.UTF8.GetByteCount(received);
        return bytes[prefixBytes..];
    }
}
