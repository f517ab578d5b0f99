namespace Sekisho.Config;

/// <summary>
/// <c>authorized_submit_users</c>: who may submit mail with the <c>sendmail</c> command, as a Postfix match list read
/// first match wins: <c>name</c> allows a login name, <c>!name</c> refuses it, <c>static:anyone</c> (or
/// <c>static:all</c>) matches everyone; an empty list refuses everyone. A user the password file does not know is
/// called <c>unknown</c>, as in Postfix.
/// </summary>
public sealed class SubmitUserList
{
    private readonly IReadOnlyList<(string Name, bool Allow)> _entries;

    /// <summary>Creates a list from its entries (a name of <c>*</c> matches anyone).</summary>
    /// <param name="entries">Login names (or <c>*</c>) and whether a match allows.</param>
    public SubmitUserList(IReadOnlyList<(string Name, bool Allow)> entries) => _entries = entries;

    /// <summary>Postfix's default: <c>static:anyone</c>.</summary>
    public static SubmitUserList Anyone { get; } = new([("*", true)]);

    /// <summary>Whether <paramref name="login"/> may submit mail.</summary>
    /// <param name="login">The login name of the submitting user, or <c>unknown</c>.</param>
    public bool Allows(string login)
    {
        foreach (var (name, allow) in _entries)
        {
            if (name == "*" || string.Equals(name, login, StringComparison.Ordinal))
            {
                return allow;
            }
        }
        return false;
    }
}
