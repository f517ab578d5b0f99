namespace Sekisho.Policy.Restrictions;

/// <summary>
/// The restriction lists: the five evaluated at RCPT (<c>smtpd_delay_reject = yes</c>), in that order, then the
/// list evaluated at DATA.
/// </summary>
public enum RestrictionListName
{
    /// <summary><c>smtpd_client_restrictions</c></summary>
    Client,

    /// <summary><c>smtpd_helo_restrictions</c></summary>
    Helo,

    /// <summary><c>smtpd_sender_restrictions</c></summary>
    Sender,

    /// <summary><c>smtpd_relay_restrictions</c></summary>
    Relay,

    /// <summary><c>smtpd_recipient_restrictions</c></summary>
    Recipient,

    /// <summary><c>smtpd_data_restrictions</c>, evaluated at DATA (and the first BDAT), not at RCPT.</summary>
    Data,

    /// <summary><c>smtpd_etrn_restrictions</c>, evaluated at ETRN.</summary>
    Etrn,
}
