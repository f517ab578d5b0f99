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
    }

    /// <summary>The reverse-path.</summary>
    public SmtpPath Sender { get; }

    /// <summary><c>7BIT</c> or <c>8BITMIME</c>.</summary>
    public string BodyType { get; }

    /// <summary>Whether MAIL had SMTPUTF8.</summary>
    public bool SmtpUtf8 { get; }

    /// <summary>The SIZE= value, 0 when not given.</summary>
    public long DeclaredSize { get; }

    /// <summary>Accepted RCPT addresses as the client wrote them.</summary>
    public List<string> AcceptedRecipients { get; } = [];

    /// <summary>Where delivery goes, deduplicated across RCPTs (an alias and its target count once).</summary>
    public List<QueueRecipient> QueueRecipients { get; } = [];

    /// <summary>Adds the delivery targets of one accepted RCPT.</summary>
    public void Accept(string rcpt, IEnumerable<QueueRecipient> targets)
    {
        AcceptedRecipients.Add(rcpt);
        foreach (var target in targets)
        {
            if (_seen.Add((target.Transport, target.NextHop, target.Address.ToLowerInvariant())))
            {
                QueueRecipients.Add(target);
            }
        }
    }
}
