using System.Globalization;

namespace Sekisho.Server.Pop3;

/// <summary>
/// What a logged-in session did, for its disconnect line, in Dovecot's <c>pop3_logout_format</c>:
/// <c>top=1/512, retr=2/4096, del=1/3, size=10240</c> — TOP commands/bytes sent, RETR commands/bytes sent, messages
/// removed at QUIT/messages at login, the maildrop's size at login.
/// </summary>
internal sealed class Pop3Statistics
{
    /// <summary>Creates the counters for a maildrop as it was at login.</summary>
    /// <param name="messages">Messages at login.</param>
    /// <param name="size">Their total size.</param>
    public Pop3Statistics(int messages, long size)
    {
        Messages = messages;
        Size = size;
    }

    /// <summary>Messages in the maildrop at login.</summary>
    public int Messages { get; }

    /// <summary>The maildrop's size at login, in octets.</summary>
    public long Size { get; }

    /// <summary>TOP commands answered with content.</summary>
    public int TopCount { get; private set; }

    /// <summary>Bytes sent for TOP, dot-stuffing and terminator included.</summary>
    public long TopBytes { get; private set; }

    /// <summary>RETR commands answered with content.</summary>
    public int RetrCount { get; private set; }

    /// <summary>Bytes sent for RETR, dot-stuffing and terminator included.</summary>
    public long RetrBytes { get; private set; }

    /// <summary>Messages removed in the UPDATE state.</summary>
    public int Deleted { get; set; }

    /// <summary>Counts one TOP.</summary>
    public void CountTop(long bytes)
    {
        TopCount++;
        TopBytes += bytes;
    }

    /// <summary>Counts one RETR.</summary>
    public void CountRetr(long bytes)
    {
        RetrCount++;
        RetrBytes += bytes;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"top={TopCount}/{TopBytes}, retr={RetrCount}/{RetrBytes}, del={Deleted}/{Messages}, size={Size}");
}
