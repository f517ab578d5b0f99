using Sekisho.Config.Tables;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy;

/// <summary>
/// The foundation's relay rule until the restriction engine lands: mail for <c>mydestination</c> is
/// accepted from anyone; mail for anywhere else only from <c>mynetworks</c>; everything else gets
/// <c>554 5.7.1 &lt;addr&gt;: Relay access denied</c>. Relay permission never depends on the sender.
/// </summary>
public sealed class InterimRelayPolicy
{
    private readonly LocalDomains _localDomains;
    private readonly CidrList _myNetworks;

    /// <summary>Creates the policy.</summary>
    /// <param name="localDomains">The local domains.</param>
    /// <param name="myNetworks">The trusted networks.</param>
    public InterimRelayPolicy(LocalDomains localDomains, CidrList myNetworks)
    {
        _localDomains = localDomains;
        _myNetworks = myNetworks;
    }

    /// <summary>Decides whether <paramref name="recipient"/> may be accepted from <paramref name="client"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="recipient">The RCPT path.</param>
    public Verdict CheckRecipient(ClientContext client, SmtpPath recipient)
    {
        if (_localDomains.Contains(recipient.Domain)) // a source route is ignored (RFC 5321 C), as Postfix strips it
        {
            return Verdict.Permit("permit_auth_destination");
        }
        if (_myNetworks.Contains(client.Address))
        {
            return Verdict.Permit("permit_mynetworks");
        }
        return Verdict.Reject(SmtpReply.RelayDenied(recipient.Address), "reject_unauth_destination");
    }
}
