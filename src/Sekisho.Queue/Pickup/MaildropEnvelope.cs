namespace Sekisho.Queue.Pickup;

/// <summary>
/// The envelope of a locally submitted message as the <c>sendmail</c> command writes it into the maildrop folder:
/// what the submitter asked for, before the server routes it. Addresses are as given (unqualified names already
/// completed with <c>@$myorigin</c>); the server checks them again, since anyone on the host can write the folder.
/// </summary>
public sealed record MaildropEnvelope
{
    /// <summary>The envelope sender; empty for the null sender (<c>-f '&lt;&gt;'</c>).</summary>
    public required string Sender { get; init; }

    /// <summary>The recipients, in order, at least one.</summary>
    public required IReadOnlyList<MaildropRecipient> Recipients { get; init; }

    /// <summary>DSN RET (<c>-R full|hdrs</c>, or RET= under <c>-bs</c>).</summary>
    public DsnReturn Return { get; init; }

    /// <summary>DSN ENVID (<c>-V</c>, or ENVID= under <c>-bs</c>), decoded; empty when none.</summary>
    public string EnvelopeId { get; init; } = "";

    /// <summary>How it came: <c>local</c> (sendmail reading a message), <c>SMTP</c> or <c>ESMTP</c> (<c>-bs</c>).</summary>
    public string Protocol { get; init; } = "local";

    /// <summary>The HELO/EHLO name given under <c>-bs</c>; empty otherwise.</summary>
    public string Helo { get; init; } = "";

    /// <summary>The BODY= value under <c>-bs</c> (<c>7BIT</c> or <c>8BITMIME</c>).</summary>
    public string BodyType { get; init; } = "7BIT";
}
