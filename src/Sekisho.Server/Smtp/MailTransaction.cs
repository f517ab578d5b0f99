using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>One MAIL … DATA transaction: what the client has said so far.</summary>
internal sealed class MailTransaction
{
    private readonly HashSet<(string Transport, string NextHop, string Address)> _seen = [];

    public MailTransaction(SmtpPath sender, MailParameters parameters)
    {
        Sender = sender;
        BodyType = parameters.BodyType;
        SmtpUtf8 = parameters.SmtpUtf8;
        DeclaredSize = parameters.DeclaredSize;
        Return = DsnMapping.ToQueue(parameters.Return);
        EnvelopeId = parameters.EnvelopeId;
    }

    /// <summary>The reverse-path.</summary>
    public SmtpPath Sender { get; }

    /// <summary><c>7BIT</c> or <c>8BITMIME</c>.</summary>
    public string BodyType { get; }

    /// <summary>Whether MAIL had SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; }

    /// <summary>The SIZE= value, 0 when not given.</summary>
    public long DeclaredSize { get; }

    /// <summary>The RFC 3461 RET given at MAIL.</summary>
    public DsnReturn Return { get; }

    /// <summary>The RFC 3461 ENVID given at MAIL, decoded; empty when none.</summary>
    public string EnvelopeId { get; }

    /// <summary>Accepted RCPT addresses as the client wrote them.</summary>
    public List<string> AcceptedRecipients { get; } = [];

    /// <summary>Where delivery goes, deduplicated across RCPTs (an alias and its target count once).</summary>
    public List<QueueRecipient> QueueRecipients { get; } = [];

    /// <summary>
    /// Adds the delivery targets of one accepted RCPT. Every target gets the RCPT's NOTIFY and ORCPT (RFC 3461); without
    /// an ORCPT, a target that alias expansion or address rewriting made out of the RCPT address records that address
    /// as <c>rfc822;address</c> (<c>utf-8;address</c> when it is not ASCII; as Postfix records the original recipient), the others record none. A target already
    /// added by an earlier RCPT keeps the parameters of that RCPT.
    /// </summary>
    /// <param name="rcpt">The RCPT address as the client wrote it.</param>
    /// <param name="targets">Where delivery goes.</param>
    /// <param name="parameters">The RCPT parameters; null for none.</param>
    public void Accept(string rcpt, IEnumerable<QueueRecipient> targets, RcptParameters? parameters = null)
    {
        AcceptedRecipients.Add(rcpt);
        var notify = DsnMapping.ToQueue(parameters?.Notify ?? DsnNotifyParameter.None);
        var orcpt = parameters?.OriginalRecipient ?? "";
        foreach (var target in targets)
        {
            if (_seen.Add((target.Transport, target.NextHop, target.Address.ToLowerInvariant())))
            {
                QueueRecipients.Add(target with
                {
                    Notify = notify,
                    OriginalRecipient = orcpt.Length > 0 ? orcpt : target.OriginalAddress is null ? "" : (rcpt.Any(c => c >= 0x80) ? "utf-8;" : "rfc822;") + rcpt,
                });
            }
        }
    }
}
