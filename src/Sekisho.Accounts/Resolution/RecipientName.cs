using Sekisho.Accounts.Aliases;

namespace Sekisho.Accounts.Resolution;

/// <summary>
/// How a local part is read: lower-cased, unquoted, and with <c>recipient_delimiter</c> (each of its
/// characters is a delimiter, as in Postfix) <c>alice+tag</c> is tried as itself, then as <c>alice</c>.
/// </summary>
internal sealed class RecipientName
{
    private static readonly string[] PostmasterNames = ["postmaster", "mailer-daemon"];

    private readonly char[] _delimiters;

    /// <summary>Creates the rules.</summary>
    /// <param name="recipientDelimiter">The delimiter characters; empty for none.</param>
    public RecipientName(string recipientDelimiter)
    {
        _delimiters = recipientDelimiter.ToCharArray();
    }

    /// <summary>The canonical form of a local part: a wholly quoted string unquoted, ASCII lower-cased.</summary>
    /// <param name="localPart">The local part as written.</param>
    /// <returns>The name to look up.</returns>
    public static string Canonical(string localPart) => AccountName.Normalize(AliasSyntax.Unquote(localPart.Trim()));

    /// <summary>The names to try for <paramref name="name"/>: itself, then without its extension.</summary>
    /// <param name="name">A canonical name.</param>
    /// <returns>One or two names.</returns>
    public IEnumerable<string> Candidates(string name)
    {
        yield return name;
        var delimiter = _delimiters.Length == 0 ? -1 : name.IndexOfAny(_delimiters);
        if (delimiter > 0)
        {
            yield return name[..delimiter];
        }
    }

    /// <summary>Whether the name (or its extension-less form) is <c>postmaster</c> or <c>mailer-daemon</c>, which must always resolve.</summary>
    /// <param name="name">A canonical name.</param>
    /// <returns><see langword="true"/> for those names.</returns>
    public bool IsPostmaster(string name) => Candidates(name).Any(candidate => PostmasterNames.Contains(candidate));
}
