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

    /// <summary>
    /// The SASL logins that own a sender address (<c>smtpd_sender_login_maps</c>, or by default the login named
    /// like the local part of an address in a local domain), or null when the address has no owner.
    /// </summary>
    public Func<string, IReadOnlyList<string>?> SenderLoginOwners { get; init; } = static _ => null;

    /// <summary>
    /// Whether the client IP holds a POP-before-SMTP authorization: true, false, or null when the store cannot be
    /// asked (then <c>permit_pop_before_smtp</c> defers, never permits).
    /// </summary>
    public Func<IPAddress, CancellationToken, ValueTask<bool?>> PopBeforeSmtp { get; init; } = static (_, _) => ValueTask.FromResult<bool?>(false);
}
