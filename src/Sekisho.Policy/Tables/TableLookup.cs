namespace Sekisho.Policy.Tables;

/// <summary>
/// A table used as a plain key → value map, the way Postfix's non-access tables are (<c>transport_maps</c>,
/// <c>smtp_sasl_password_maps</c>, <c>sender_dependent_relayhost_maps</c>): the caller chooses the keys and their
/// order; each lookup is one exact key (lower case, domains in ASCII form), and the value comes back as written.
/// </summary>
public static class TableLookup
{
    /// <summary>The lookup function over a <c>hash:</c>, <c>texthash:</c> or <c>inline:</c> table.</summary>
    /// <param name="table">A table opened with <see cref="TableValueMode.MatchList"/> (values are not access actions).</param>
    /// <exception cref="TableException">The table type has no plain keys (cidr, sendmail, xmail).</exception>
    public static Func<string, string?> KeyValue(IAccessTable table) => table is PostfixAccessTable postfix
        ? key => postfix.FindKey(LookupKeys.MailKey(key.Trim()))?.RawValue
        : throw new TableException(table.Name, 0, "this table type cannot be used as a key/value map (use hash:, texthash: or inline:)");

    /// <summary>Several tables searched in order, as Postfix searches a list of maps: the first one with the key answers.</summary>
    public static Func<string, string?> FirstOf(IReadOnlyList<Func<string, string?>> lookups) =>
        key => lookups.Select(lookup => lookup(key)).FirstOrDefault(value => value is not null);
}
