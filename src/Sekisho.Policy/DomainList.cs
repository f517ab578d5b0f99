using Sekisho.Policy.Tables;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Policy;

/// <summary>
/// A Postfix domain list (<c>mydestination</c>, <c>relay_domains</c>) as <c>Sekisho.Config</c> reads it: domains,
/// <c>.domain</c> for subdomains, <c>type:name</c> tables of domains (the value is not looked at), and <c>!</c>
/// before any of them for an exception. Entries are tried in order and the first that matches decides. With
/// parent matching (<c>parent_domain_matches_subdomains</c>), <c>example.com</c> also covers its subdomains, and a
/// table is asked for each parent domain; without it only a table's <c>.example.com</c> keys cover subdomains.
/// Domains are compared in IDNA ASCII form, lower case, without the root dot.
/// </summary>
public sealed class DomainList
{
    private readonly IReadOnlyList<Entry> _entries;
    private readonly bool _parentMatchesSubdomains;

    private DomainList(IReadOnlyList<Entry> entries, bool parentMatchesSubdomains)
    {
        _entries = entries;
        _parentMatchesSubdomains = parentMatchesSubdomains;
    }

    /// <summary>An empty list: matches nothing.</summary>
    public static DomainList Empty { get; } = new([], false);

    /// <summary>Builds the list.</summary>
    /// <param name="entries">The entries as the settings hold them.</param>
    /// <param name="parentMatchesSubdomains">Whether a plain domain also covers its subdomains.</param>
    /// <param name="openTable">Opens a <c>type:name</c> entry (e.g. <see cref="AccessTableFactory.Open(string, string, AccessTableOptions)"/>).</param>
    /// <exception cref="TableException">A table cannot be opened, or is of a type that cannot list domains (cidr, sendmail, xmail).</exception>
    public static DomainList Create(IEnumerable<string> entries, bool parentMatchesSubdomains, Func<string, IAccessTable> openTable)
    {
        var list = new List<Entry>();
        foreach (var text in entries)
        {
            var negated = text.StartsWith('!');
            var body = negated ? text[1..] : text;
            if (body.Contains(':') && !body.StartsWith('['))
            {
                var table = openTable(body) as PostfixAccessTable
                    ?? throw new TableException(body, 0, "this table type cannot list domains (use hash:, texthash: or inline:)");
                list.Add(new Entry(text, negated, null, table));
            }
            else
            {
                list.Add(new Entry(text, negated, body.StartsWith('.') ? "." + DomainName.Normalize(body[1..]) : DomainName.Normalize(body), null));
            }
        }
        return new DomainList(list, parentMatchesSubdomains);
    }

    /// <summary>True when <paramref name="domain"/> is in the list.</summary>
    /// <param name="domain">A domain in any form (U-labels, upper case, root dot).</param>
    public bool Contains(string domain) => Match(domain) is { Negated: false };

    /// <summary>The entry that decides <paramref name="domain"/> (a negative one says "not in the list"), or null.</summary>
    /// <param name="domain">A domain in any form.</param>
    public (string Entry, bool Negated)? Match(string domain)
    {
        var name = DomainName.Normalize(domain);
        if (name.Length == 0)
        {
            return null;
        }
        foreach (var entry in _entries)
        {
            if (entry.Table is { } table ? TableHas(table, name) : NameMatches(entry.Domain!, name))
            {
                return (entry.Text, entry.Negated);
            }
        }
        return null;
    }

    private bool NameMatches(string pattern, string name)
    {
        if (pattern.StartsWith('.'))
        {
            return name.EndsWith(pattern, StringComparison.Ordinal);
        }
        return name == pattern
            || (_parentMatchesSubdomains && name.Length > pattern.Length && name.EndsWith(pattern, StringComparison.Ordinal)
                && name[name.Length - pattern.Length - 1] == '.');
    }

    private bool TableHas(PostfixAccessTable table, string name)
    {
        if (table.FindKey(name) is not null)
        {
            return true;
        }
        if (name.StartsWith('['))
        {
            return false;
        }
        for (var dot = name.IndexOf('.'); dot >= 0 && dot < name.Length - 1; dot = name.IndexOf('.', dot + 1))
        {
            // Postfix asks for "example.com" with parent matching and ".example.com" without; a table written
            // for either setting works here with parent matching on.
            if ((_parentMatchesSubdomains && table.FindKey(name[(dot + 1)..]) is not null) || table.FindKey(name[dot..]) is not null)
            {
                return true;
            }
        }
        return false;
    }

    private sealed record Entry(string Text, bool Negated, string? Domain, PostfixAccessTable? Table);
}
