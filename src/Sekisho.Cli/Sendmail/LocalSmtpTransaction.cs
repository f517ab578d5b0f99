using Sekisho.Protocol.Smtp;
using Sekisho.Queue.Pickup;

namespace Sekisho.Cli.Sendmail;

/// <summary>One mail transaction under <c>-bs</c>: what MAIL gave and the recipients RCPT added.</summary>
internal sealed class LocalSmtpTransaction
{
    /// <param name="sender">The envelope sender, qualified; empty for the null sender.</param>
    /// <param name="parameters">The MAIL parameters.</param>
    public LocalSmtpTransaction(string sender, MailParameters parameters)
    {
        Sender = sender;
        Parameters = parameters;
    }

    /// <summary>The envelope sender, qualified; empty for the null sender.</summary>
    public string Sender { get; }

    /// <summary>SIZE, BODY, SMTPUTF8, RET and ENVID as given.</summary>
    public MailParameters Parameters { get; }

    /// <summary>The accepted recipients, qualified, in order.</summary>
    public List<MaildropRecipient> Recipients { get; } = [];
}
