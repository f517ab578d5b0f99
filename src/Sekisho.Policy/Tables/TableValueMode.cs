namespace Sekisho.Policy.Tables;

/// <summary>How the right-hand side of a Postfix-format table (cidr, texthash, hash, inline) is read.</summary>
public enum TableValueMode
{
    /// <summary>
    /// Every value must be a Postfix access(5) action Sekisho supports (<c>OK</c>, <c>REJECT text</c>, <c>550 text</c>...);
    /// anything else is an error at load naming the line. For <c>check_*_access</c>.
    /// </summary>
    AccessActions,

    /// <summary>
    /// A match list (<c>mynetworks = cidr:/etc/postfix/trusted</c>): Postfix ignores the value, so a value that is not
    /// an access action counts as <see cref="AccessAction.Permit"/> instead of failing. Values that are actions keep
    /// their meaning, so a <c>REJECT</c> or <c>DUNNO</c> entry never makes an address trusted.
    /// Sendmail and XMail files are read the same way in both modes.
    /// </summary>
    MatchList,
}
