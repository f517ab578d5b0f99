namespace Sekisho.Bench.Micro;

/// <summary>Which RCPT decisions a run asks for; see <see cref="RcptDecisionFixture"/> for the data behind each.</summary>
public enum RcptScenario
{
    /// <summary>A client in <c>mynetworks</c>: <c>permit_mynetworks</c> decides first.</summary>
    TrustedClient,

    /// <summary>An IPv4 client inside a <c>cidr:</c> entry (OK or REJECT, first match in file order), remote recipient.</summary>
    CidrHit,

    /// <summary>A client in no network; the recipient (address, domain or subdomain) has a <c>hash:</c> entry.</summary>
    HashHit,

    /// <summary>No table matches; the recipient is in a local domain, so the lists end without objection (permit).</summary>
    LocalNoMatch,

    /// <summary>No table matches; remote recipient: <c>reject_unauth_destination</c> (every lookup made, the longest path).</summary>
    RelayDenied,

    /// <summary>An IPv6 client, half of them inside a <c>cidr:</c> entry, remote recipient.</summary>
    Ipv6Client,

    /// <summary>All of the above, mixed as <see cref="RcptDecisionFixture.MixWeights"/> says.</summary>
    Mix,
}
