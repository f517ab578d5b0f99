using System.Collections.Concurrent;

namespace Sekisho.EndToEnd.Tests.Outbound;

/// <summary>One SMTP session a <see cref="NextHopServer"/> served: when it began and every line the client sent.</summary>
public sealed class NextHopSession
{
    /// <summary>When the connection was accepted (UTC).</summary>
    public DateTime Started { get; } = DateTime.UtcNow;

    /// <summary>Every line received, commands and AUTH responses alike, message content excluded.</summary>
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>True when the client sent a command with this verb (e.g. <c>AUTH</c>, <c>MAIL</c>).</summary>
    public bool Sent(string verb) =>
        Lines.Any(line => line.Equals(verb, StringComparison.OrdinalIgnoreCase) || line.StartsWith(verb + " ", StringComparison.OrdinalIgnoreCase));
}
