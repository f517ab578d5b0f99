namespace Sekisho.Protocol.Smtp;

/// <summary>
/// A reverse-path or forward-path (RFC 5321 4.1.2), e.g. <c>&lt;alice@example.com&gt;</c>, with what a relay
/// policy needs to see through tricks: the source route, whether the local part was quoted, whether the
/// domain is an address literal.
/// </summary>
/// <param name="LocalPart">The local part, unquoted and unescaped (<c>"a b"@x</c> gives <c>a b</c>); "" for the null path.</param>
/// <param name="Domain">The domain as written (case kept), or the literal with its brackets (<c>[192.0.2.1]</c>); "" for the null path.</param>
/// <param name="SourceRoute">The hosts of an RFC 821 source route (<c>&lt;@a,@b:u@d&gt;</c> gives a, b); empty when none.</param>
/// <param name="LocalPartWasQuoted">True when the local part was a quoted string.</param>
public sealed record SmtpPath(string LocalPart, string Domain, IReadOnlyList<string> SourceRoute, bool LocalPartWasQuoted)
{
    /// <summary>The null reverse-path <c>&lt;&gt;</c>.</summary>
    public static SmtpPath Null { get; } = new("", "", [], false);

    /// <summary>True for <c>&lt;&gt;</c>.</summary>
    public bool IsNull => LocalPart.Length == 0 && Domain.Length == 0;

    /// <summary>True when the domain is an address literal such as <c>[192.0.2.1]</c> or <c>[IPv6:...]</c>.</summary>
    public bool IsDomainLiteral => Domain.StartsWith('[');

    /// <summary>True when the local part or domain has non-ASCII characters (needs SMTPUTF8).</summary>
    public bool HasNonAscii => !System.Text.Ascii.IsValid(LocalPart) || !System.Text.Ascii.IsValid(Domain);

    /// <summary>
    /// The address as it is written in logs and the queue: <c>local@domain</c>, the local part quoted again
    /// when it is not a dot-atom (RFC 5321 4.1.2; <c>"</c> and <c>\</c> escaped with a backslash), "" for the null
    /// path, the bare local part when the domain is empty (<c>&lt;postmaster&gt;</c> gives <c>postmaster</c>). No source route.
    /// </summary>
    public string Address
    {
        get
        {
            if (IsNull)
            {
                return "";
            }
            var local = SmtpAddressSyntax.FormatLocalPart(LocalPart);
            return Domain.Length == 0 ? local : local + "@" + Domain;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Address;
}
