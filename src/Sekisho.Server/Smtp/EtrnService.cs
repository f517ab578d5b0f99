using Sekisho.Policy;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>
/// What ETRN (RFC 1985) needs: the domains whose deferred mail a client may ask for (<c>fast_flush_domains</c>,
/// default <c>$relay_domains</c>) and the queue manager's flush.
/// </summary>
/// <param name="FastFlushDomains">The domains ETRN may flush.</param>
/// <param name="Flush">Flushes deferred mail for a domain (<c>@domain</c>: with its subdomains).</param>
public sealed record EtrnService(DomainList FastFlushDomains, Func<string, QueueOperationResult> Flush);
