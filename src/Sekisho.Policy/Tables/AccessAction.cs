namespace Sekisho.Policy.Tables;

/// <summary>What an access-table entry says, normalized across table formats (Postfix access(5), Sendmail access, XMail).</summary>
public enum AccessAction
{
    /// <summary>Postfix <c>DUNNO</c> (and Sendmail <c>SKIP</c>): no decision here; stop searching this table.</summary>
    Dunno,

    /// <summary>Postfix <c>OK</c> / a numeric 2xx result, Sendmail <c>RELAY</c>, an XMail relay entry: permit (including relaying).</summary>
    Permit,

    /// <summary>Sendmail <c>OK</c>: accept this mail despite other checks, but it does not allow relaying.</summary>
    PermitNoRelay,

    /// <summary>Postfix <c>REJECT</c> / 5xx text, Sendmail <c>REJECT</c> / <c>ERROR:5xx</c>: refuse.</summary>
    Reject,

    /// <summary>Postfix <c>DEFER</c> / 4xx text, Sendmail <c>ERROR:4xx</c>: try later.</summary>
    Defer,

    /// <summary>Postfix / Sendmail <c>DISCARD</c>: accept and throw away (Sekisho treats it as a reject until discarding exists).</summary>
    Discard,
}
