using Sekisho.Accounts.Aliases;
using Sekisho.Config;
using Sekisho.Storage;

namespace Sekisho.Server.Hosting;

/// <summary>
/// First-start set-up of the data directory: its folders, and a starter aliases file (with its index) when
/// an <c>alias_database</c> file inside the data directory does not exist yet. Never writes outside
/// <c>data_directory</c> (an <c>/etc/aliases</c> is the admin's).
/// </summary>
public static class DataDirectoryInitializer
{
    private const string StarterAliases = """
        # aliases(5) for Sekisho: NAME: target, target, ...
        # A target is a local account, another alias, a remote address or :include:/path/file.
        # "|command" and /file targets are refused unless allow_mail_to_commands or
        # allow_mail_to_files in sekisho.conf lists alias (see docs/configuration.md).
        # After editing, run `sekisho newaliases`; a running server picks the change up.
        #
        # postmaster and mailer-daemon always reach someone: with no alias here they go to
        # default_postmaster, else the first admin account.
        #postmaster: alice
        #abuse: postmaster

        """;

    /// <summary>Creates what a fresh data directory needs.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    public static async Task InitializeAsync(SekishoSettings settings, CancellationToken cancellationToken)
    {
        DurableFile.CreateDirectory(settings.DataDirectory);
        DurableFile.CreateDirectory(settings.MaildirBase);
        var dataDirectory = Path.TrimEndingDirectorySeparator(settings.DataDirectory) + Path.DirectorySeparatorChar;
        foreach (var source in settings.AliasDatabase)
        {
            if (File.Exists(source) || !source.StartsWith(dataDirectory, StringComparison.Ordinal))
            {
                continue;
            }
            await DurableFile.WriteAllBytesAsync(source, System.Text.Encoding.UTF8.GetBytes(StarterAliases), cancellationToken);
            await AliasIndex.CompileAsync(source, AliasTargetPolicies.From(settings), cancellationToken);
        }
    }
}
