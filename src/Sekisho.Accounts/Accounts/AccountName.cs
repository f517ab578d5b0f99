namespace Sekisho.Accounts;

/// <summary>
/// The rules for account names: 1 to 64 characters of <c>[a-z0-9._-]</c> (upper-case ASCII letters are
/// accepted and folded to lower case), not starting with <c>.</c> or <c>-</c>. Only ASCII is folded, so a
/// look-alike such as the Kelvin sign never becomes <c>k</c>.
/// </summary>
public static class AccountName
{
    /// <summary>The longest valid name.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether <paramref name="name"/> is a valid account name (in any ASCII letter case).</summary>
    /// <param name="name">The candidate name; <see langword="null"/> is not valid.</param>
    /// <returns><see langword="true"/> when the name can be used for an account.</returns>
    public static bool IsValid(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] is '.' or '-')
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The canonical form of a name: ASCII letters lower-cased, everything else unchanged.</summary>
    /// <param name="name">The name, valid or not.</param>
    /// <returns>The lower-cased name.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public static string Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return string.Create(name.Length, name, static (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                    {
                        span[i] = char.IsAsciiLetterUpper(source[i]) ? (char)(source[i] | 0x20) : source[i];
                    }
                });
            }
        }
        return name;
    }
}
