using System.Globalization;

namespace Sekisho.Delivery.Unix;

/// <summary>A user from the system's password file, e.g. the <c>default_privs</c> user.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Uid">The numeric user id.</param>
/// <param name="Gid">The numeric id of the user's primary group.</param>
public sealed record SystemUser(string Name, uint Uid, uint Gid)
{
    /// <summary>The password file read by <see cref="FindAsync"/>.</summary>
    public const string PasswordFile = "/etc/passwd";

    /// <summary>Looks a user up in <see cref="PasswordFile"/> (users known only to NSS, e.g. LDAP, are not found).</summary>
    /// <param name="name">The user name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The user, or <see langword="null"/> when there is no such line.</returns>
    /// <exception cref="IOException">The password file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The password file cannot be read.</exception>
    public static async Task<SystemUser?> FindAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        foreach (var line in await File.ReadAllLinesAsync(PasswordFile, cancellationToken))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return new SystemUser(name, uid, gid);
            }
        }
        return null;
    }

    /// <summary>Looks a user up by id in the password file.</summary>
    /// <param name="uid">The user id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The first user with that id, or null.</returns>
    public static async Task<SystemUser?> FindByUidAsync(uint uid, CancellationToken cancellationToken)
    {
        foreach (var line in await File.ReadAllLinesAsync(PasswordFile, cancellationToken))
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0].Length > 0
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var found) && found == uid
                && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return new SystemUser(fields[0], uid, gid);
            }
        }
        return null;
    }
}
