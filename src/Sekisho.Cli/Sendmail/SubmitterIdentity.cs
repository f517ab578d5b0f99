using Sekisho.Delivery.Unix;

namespace Sekisho.Cli.Sendmail;

/// <summary>Who runs the sendmail command: the real user id and its login name (<c>unknown</c> when no one has that id).</summary>
/// <param name="Uid">The real user id.</param>
/// <param name="Login">The login name.</param>
internal sealed record SubmitterIdentity(uint Uid, string Login)
{
    /// <summary>The identity of this process.</summary>
    public static async Task<SubmitterIdentity> OfProcessAsync(CancellationToken cancellationToken)
    {
        var uid = ProcessUser.RealUserId;
        var user = await SystemUser.FindByUidAsync(uid, cancellationToken);
        // A user from NSS (LDAP, SSSD) is not in /etc/passwd; .NET's own lookup (getpwuid_r) knows it.
        var login = user?.Name ?? (Environment.UserName is { Length: > 0 } name && !name.All(char.IsAsciiDigit) ? name : "unknown");
        return new SubmitterIdentity(uid, login);
    }
}
