using Sekisho.Queue;
using Sekisho.Queue.Pickup;

namespace Sekisho.Cli.Sendmail;

/// <summary>What a local submission asks for: the envelope as the options (or the SMTP dialogue of <c>-bs</c>) gave it.</summary>
internal sealed record SubmissionRequest
{
    /// <summary>The envelope sender, qualified; empty for the null sender.</summary>
    public required string Sender { get; init; }

    /// <summary>Recipients named on the command line or by RCPT, qualified.</summary>
    public IReadOnlyList<MaildropRecipient> Recipients { get; init; } = [];

    /// <summary><c>-t</c>: also send to the To, Cc and Bcc (or Resent-To, -Cc, -Bcc) addresses of the message.</summary>
    public bool ExtractRecipients { get; init; }

    /// <summary>DSN NOTIFY for recipients taken from the headers (<c>-N</c>).</summary>
    public DsnNotify Notify { get; init; }

    /// <summary>Without <c>-i</c>: a line holding a single dot ends the input.</summary>
    public bool DotEndsInput { get; init; }

    /// <summary><c>-F</c> (or the NAME environment variable): the full name put in a From: header that is added.</summary>
    public string FullName { get; init; } = "";

    /// <summary>DSN RET (<c>-R</c>).</summary>
    public DsnReturn Return { get; init; }

    /// <summary>DSN ENVID (<c>-V</c>).</summary>
    public string EnvelopeId { get; init; } = "";

    /// <summary><c>local</c>, or <c>SMTP</c>/<c>ESMTP</c> under <c>-bs</c>.</summary>
    public string Protocol { get; init; } = "local";

    /// <summary>The HELO name under <c>-bs</c>.</summary>
    public string Helo { get; init; } = "";

    /// <summary>BODY= under <c>-bs</c>.</summary>
    public string BodyType { get; init; } = "7BIT";
}
