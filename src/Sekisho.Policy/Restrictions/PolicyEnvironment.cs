using System.Net;

namespace Sekisho.Policy.Restrictions;

/// <summary>What restrictions consult besides the context: trusted networks, our domains, accounts, POP-before-SMTP.</summary>
public sealed record PolicyEnvironment
{
    /// <summary><c>mynetworks</c>: whether a client address is trusted; the string names the matching entry for the trace.</summary>
    public required Func<IPAddress, string, string?> MyNetworks { get; init; }

    /// <summary><c>mydestination</c> (and our own IP literals): delivered here.</summary>
    public required Func<string, bool> IsLocalDomain { get; init; }

    /// <summary><c>relay_domains</c>: domains we relay to for anyone.</summary>
    public required Func<string, bool> IsRelayDomain { get; init; }

    /// <summary>Whether a local recipient exists (aliases or accounts), for <c>reject_unlisted_recipient</c>.</summary>
    public required Func<Sekisho.Protocol.Smtp.SmtpPath, CancellationToken, Task<bool>> LocalRecipientExists { get; init; }

    /// <summary>Whether the client IP holds a POP-before-SMTP authorization (always false until the POP3 server exists).</summary>
    public Func<IPAddress, bool> PopBeforeSmtp { get; init; } = static _ => false;
}
