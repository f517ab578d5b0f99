using System.Net.Sockets;

namespace Sekisho.Delivery.Smtp;

/// <summary>An established SMTP session (past EHLO, TLS and AUTH) kept open between mail transactions.</summary>
/// <param name="Client">The client.</param>
/// <param name="Watch">Its conversation watch.</param>
/// <param name="Socket">The connection.</param>
/// <param name="ConnectedAt">When the connection was made (for <c>smtp_connection_reuse_time_limit</c>).</param>
public sealed record CachedSmtpConnection(SpoolSmtpClient Client, SmtpConversationWatch Watch, Socket Socket, DateTime ConnectedAt) : IDisposable
{
    /// <summary>When it was last put back.</summary>
    public DateTime IdleSince { get; set; }

    /// <summary>Closes the connection without QUIT.</summary>
    public void Dispose()
    {
        Client.Dispose();
        Watch.Dispose();
        Socket.Dispose();
    }
}
