namespace Sekisho.Config;

/// <summary>
/// Reads <c>default_privs</c>: the unprivileged user that commands run as (and files are written for) when the
/// server runs as root. Like Postfix, root is refused: mail must never run a command as root.
/// </summary>
internal static class DefaultPrivsReader
{
    private const string Name = "default_privs";

    /// <summary>The user name.</summary>
    /// <param name="reader">The settings reader.</param>
    /// <returns>A user name: letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, not starting with <c>-</c>.</returns>
    /// <exception cref="ConfigException">An empty or malformed name, or <c>root</c>.</exception>
    public static string Read(SettingReader reader)
    {
        var user = reader.RequiredText(Name);
        var valid = user.Length <= 32 && user[0] != '-'
            && user.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        if (!valid)
        {
            throw reader.Error(Name, $"bad user name \"{user}\"");
        }
        return user != "root" ? user : throw reader.Error(Name, "privileged user root is not allowed (use an unprivileged user such as nobody)");
    }
}
