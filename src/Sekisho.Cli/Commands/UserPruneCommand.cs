using System.CommandLine;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho user prune</c>: removes the password-equivalent secrets the configuration no longer needs (CRAM-MD5 when it
/// is not in <c>smtpd_sasl_mechanisms</c>, DIGEST-MD5 when it is not or for a realm other than the current one). Run it
/// after taking CRAM-MD5 or DIGEST-MD5 out of the configuration.
/// </summary>
internal static class UserPruneCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("prune", "Remove stored CRAM-MD5, DIGEST-MD5 and APOP secrets that the configuration no longer enables.") { config };
        command.SetAction(async (parse, cancellationToken) =>
            await UserCommand.WithStoreAsync(parse.GetValue(config), async (store, settings) =>
            {
                var removed = await store.PruneSecretsAsync(Sekisho.Server.Auth.CredentialPolicy.For(settings), cancellationToken);
                Console.WriteLine($"sekisho: removed {removed} password-equivalent secret{(removed == 1 ? "" : "s")} no longer enabled");
                return 0;
            }));
        return command;
    }
}
