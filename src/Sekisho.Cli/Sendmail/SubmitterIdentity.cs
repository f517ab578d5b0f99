using Sekisho.Delivery.Unix;

namespace Sekisho.Cli.Sendmail;

/// <summary>Who runs the sendmail command: the real user id and its login name (<c>unknown</c> when the password file has none).</summary>
/// <param name="Uid">The real user id.</param>
/// <param name="Login">The login name.</param>
internal sealed record SubmitterIdentity(uint Uid, string Login)
{
    /// <summary>The identity of this process.</summary>
    public static async Task<SubmitterIdentity> OfProcessAsync(CancellationToken cancellationToken)
    {
        var uid = ProcessUser.RealUserId;
        var user = await SystemUser.FindByUidAsync(uid, cancellationToken);
        return new SubmitterIdentity(uid, user?.Name ?? "unknown");
    }
}
