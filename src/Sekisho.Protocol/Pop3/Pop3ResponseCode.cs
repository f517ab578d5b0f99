namespace Sekisho.Protocol.Pop3;

/// <summary>
/// The extended response codes Sekisho sends in brackets after <c>-ERR</c> (RFC 2449 8, RFC 3206), announced by
/// the <c>RESP-CODES</c> and <c>AUTH-RESP-CODE</c> capabilities.
/// </summary>
public static class Pop3ResponseCode
{
    /// <summary><c>IN-USE</c>: the maildrop is locked by another session; trying again later may work (RFC 2449 8.1.1).</summary>
    public const string InUse = "IN-USE";

    /// <summary><c>LOGIN-DELAY</c>: the user logged in too recently (RFC 2449 8.1.2).</summary>
    public const string LoginDelay = "LOGIN-DELAY";

    /// <summary><c>SYS/TEMP</c>: a temporary server problem, not the user's fault (RFC 3206 4).</summary>
    public const string SysTemp = "SYS/TEMP";

    /// <summary><c>SYS/PERM</c>: a permanent server problem; the user should contact the administrator (RFC 3206 4).</summary>
    public const string SysPerm = "SYS/PERM";

    /// <summary><c>AUTH</c>: the credentials were wrong or not acceptable (RFC 3206 5).</summary>
    public const string Auth = "AUTH";

    /// <summary>
    /// Whether <paramref name="code"/> fits RFC 2449's grammar: one or more levels of printable ASCII separated by
    /// <c>/</c>, none empty, without <c>]</c> or space.
    /// </summary>
    /// <param name="code">The code without brackets.</param>
    public static bool IsValid(string code)
    {
        if (string.IsNullOrEmpty(code) || code[0] == '/' || code[^1] == '/' || code.Contains("//", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var c in code)
        {
            if (c is <= ' ' or > '~' or ']')
            {
                return false;
            }
        }
        return true;
    }
}
