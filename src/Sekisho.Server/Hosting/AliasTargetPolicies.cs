using Sekisho.Accounts.Aliases;
using Sekisho.Config;

namespace Sekisho.Server.Hosting;

/// <summary>
/// The <see cref="AliasTargetPolicy"/> a configuration asks for (<c>allow_mail_to_commands</c>,
/// <c>allow_mail_to_files</c>), shared by the server's resolver, <c>sekisho newaliases</c> and first-start set-up.
/// </summary>
public static class AliasTargetPolicies
{
    /// <summary>The policy of <paramref name="settings"/>; refused unless the admin lists <c>alias</c> or <c>include</c>.</summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The policy.</returns>
    public static AliasTargetPolicy From(SekishoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new AliasTargetPolicy
        {
            CommandsInAliases = settings.AllowMailToCommands,
            CommandsInIncludes = settings.AllowMailToCommandsFromIncludes,
            FilesInAliases = settings.AllowMailToFiles,
            FilesInIncludes = settings.AllowMailToFilesFromIncludes,
        };
    }
}
