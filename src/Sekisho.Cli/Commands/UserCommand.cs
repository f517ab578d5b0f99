using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Sekisho.Accounts;
using Sekisho.Config;
using Sekisho.Delivery.Local;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho user add|del|passwd|list|import|prune</c>: local accounts in the account database (a SQLite file or a
/// PostgreSQL URL, see <c>docs/accounts.md</c>). Passwords are read from the terminal or standard input, never argv.
/// </summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Manage local accounts (mailboxes).");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Delete());
        command.Subcommands.Add(Password());
        command.Subcommands.Add(List());
        command.Subcommands.Add(UserImportCommand.Create());
        command.Subcommands.Add(UserPruneCommand.Create());
        return command;
    }

    private static Command Add()
    {
        var config = CommonOptions.ConfigOption();
        var name = new Argument<string>("NAME") { Description = "The account name (the local part of its address)." };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var admin = new Option<bool>("--admin") { Description = "Mark the account as an administrator (receives postmaster mail by default)." };
        var command = new Command("add", "Add an account and create its Maildir.") { config, stdin, admin, name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            return await WithStoreAsync(parse.GetValue(config), async (store, settings) =>
            {
                var password = PasswordInput.Read(parse.GetValue(stdin));
                if (password is null)
                {
                    Console.Error.WriteLine("sekisho: no password given");
                    return CommonOptions.UsageError;
                }
                var account = parse.GetValue(name)!;
                await store.AddAsync(account, password, parse.GetValue(admin), Sekisho.Server.Auth.CredentialPolicy.For(settings), cancellationToken);
                var maildir = Path.Combine(settings.MaildirBase, AccountName.Normalize(account));
                MaildirWriter.EnsureCreated(maildir);
                Console.WriteLine($"sekisho: account {AccountName.Normalize(account)} added; mailbox {maildir}/");
                return 0;
            });
        });
        return command;
    }

    private static Command Delete()
    {
        var config = CommonOptions.ConfigOption();
        var name = new Argument<string>("NAME");
        var command = new Command("del", "Delete an account (its Maildir is kept).") { config, name };
        command.SetAction(async (parse, cancellationToken) =>
            await WithStoreAsync(parse.GetValue(config), async (store, _) =>
            {
                if (!await store.DeleteAsync(parse.GetValue(name)!, cancellationToken))
                {
                    Console.Error.WriteLine($"sekisho: {parse.GetValue(name)}: no such account");
                    return CommonOptions.DataError;
                }
                Console.WriteLine($"sekisho: account {AccountName.Normalize(parse.GetValue(name)!)} deleted (its Maildir is kept)");
                return 0;
            }));
        return command;
    }

    private static Command Password()
    {
        var config = CommonOptions.ConfigOption();
        var name = new Argument<string>("NAME");
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var command = new Command("passwd", "Change an account's password.") { config, stdin, name };
        command.SetAction(async (parse, cancellationToken) =>
            await WithStoreAsync(parse.GetValue(config), async (store, settings) =>
            {
                var password = PasswordInput.Read(parse.GetValue(stdin));
                if (password is null)
                {
                    Console.Error.WriteLine("sekisho: no password given");
                    return CommonOptions.UsageError;
                }
                if (!await store.SetPasswordAsync(parse.GetValue(name)!, password, Sekisho.Server.Auth.CredentialPolicy.For(settings), cancellationToken))
                {
                    Console.Error.WriteLine($"sekisho: {parse.GetValue(name)}: no such account");
                    return CommonOptions.DataError;
                }
                Console.WriteLine($"sekisho: password of {AccountName.Normalize(parse.GetValue(name)!)} changed");
                return 0;
            }));
        return command;
    }

    private static Command List()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("list", "List accounts.") { config };
        command.SetAction(async (parse, cancellationToken) =>
            await WithStoreAsync(parse.GetValue(config), async (store, _) =>
            {
                foreach (var account in await store.ListAsync(cancellationToken))
                {
                    Console.WriteLine($"{account.Name}\t{(account.IsAdmin ? "admin" : "user")}\t{account.Created.ToString("u", CultureInfo.InvariantCulture)}");
                }
                return 0;
            }));
        return command;
    }

    /// <summary>
    /// Loads the configuration, opens the account store it names and runs <paramref name="action"/>; an
    /// <see cref="AccountException"/> or a database error becomes a one-line message and exit code 65.
    /// </summary>
    internal static async Task<int> WithStoreAsync(string? configPath, Func<IAccountStore, SekishoSettings, Task<int>> action)
    {
        var settings = CommonOptions.LoadSettings(configPath);
        if (settings is null)
        {
            return CommonOptions.ConfigError;
        }
        try
        {
            await using var store = AccountStores.Open(settings.AccountDatabase);
            return await action(store, settings);
        }
        catch (AccountException exception)
        {
            Console.Error.WriteLine("sekisho: " + exception.Message);
            return CommonOptions.DataError;
        }
        catch (DbException exception)
        {
            Console.Error.WriteLine($"sekisho: account database {AccountStores.Describe(settings.AccountDatabase)}: {exception.Message}");
            return CommonOptions.DataError;
        }
    }
}
