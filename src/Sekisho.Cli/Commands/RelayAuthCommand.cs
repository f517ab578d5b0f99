using System.CommandLine;
using System.Globalization;
using Sekisho.Config;
using Sekisho.Server.RelayAuth;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho relay-auth list|add IP [--for 30m]|revoke IP</c>: the POP-before-SMTP authorizations in the store the
/// server uses (the SQLite file in the data directory, or <c>relay_authorization_store = redis://...</c>).
/// </summary>
internal static class RelayAuthCommand
{
    public static Command Create()
    {
        var command = new Command("relay-auth", "List, add or revoke POP-before-SMTP relay authorizations.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Revoke());
        return command;
    }

    private static Command List()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("list", "Print the addresses that may relay now, soonest to expire first.") { config };
        command.SetAction(async (parse, cancellationToken) => await WithStoreAsync(parse.GetValue(config), async (store, _) =>
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var entry in await store.ListAsync(now, cancellationToken))
            {
                var left = entry.Until - now;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{entry.Key}\tuntil {entry.Until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({(int)left.TotalMinutes}m{left.Seconds:D2}s left)\tby {entry.Node}"));
            }
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Add()
    {
        var config = CommonOptions.ConfigOption();
        var address = new Argument<string>("IP") { Description = "The client address (IPv6 is stored by pop_before_smtp_ipv6_prefix)." };
        var duration = new Option<string?>("--for") { Description = "How long (e.g. 30m, 2h); default pop_before_smtp_expire." };
        var command = new Command("add", "Let an address relay for a while, as a POP3 login would.") { config, duration, address };
        command.SetAction(async (parse, cancellationToken) => await WithStoreAsync(parse.GetValue(config), async (store, settings) =>
        {
            if (!RelayAuthorizationKey.TryParse(parse.GetValue(address)!, settings.Pop.Ipv6Prefix, out var key))
            {
                Console.Error.WriteLine($"sekisho: \"{parse.GetValue(address)}\" is not an IP address");
                return CommonOptions.UsageError;
            }
            var length = settings.Pop.Expire;
            if (parse.GetValue(duration) is { } text && (!PostfixValues.TryParseTime(text, out length) || length <= TimeSpan.Zero))
            {
                Console.Error.WriteLine($"sekisho: bad time \"{text}\" (use a number with unit s, m, h, d or w)");
                return CommonOptions.UsageError;
            }
            var until = DateTimeOffset.UtcNow + length;
            await store.AuthorizeAsync(key, until, "admin", cancellationToken);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sekisho: {key} may relay until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z"));
            return 0;
        }, cancellationToken));
        return command;
    }

    private static Command Revoke()
    {
        var config = CommonOptions.ConfigOption();
        var address = new Argument<string>("IP");
        var command = new Command("revoke", "Take an authorization back at once.") { config, address };
        command.SetAction(async (parse, cancellationToken) => await WithStoreAsync(parse.GetValue(config), async (store, settings) =>
        {
            if (!RelayAuthorizationKey.TryParse(parse.GetValue(address)!, settings.Pop.Ipv6Prefix, out var key))
            {
                Console.Error.WriteLine($"sekisho: \"{parse.GetValue(address)}\" is not an IP address");
                return CommonOptions.UsageError;
            }
            if (!await store.RevokeAsync(key, cancellationToken))
            {
                Console.Error.WriteLine($"sekisho: {key} has no authorization");
                return 1;
            }
            Console.WriteLine($"sekisho: {key} revoked");
            return 0;
        }, cancellationToken));
        return command;
    }

    private static async Task<int> WithStoreAsync(string? configPath, Func<IRelayAuthorizationStore, SekishoSettings, Task<int>> action,
        CancellationToken cancellationToken)
    {
        var settings = CommonOptions.LoadSettings(configPath);
        if (settings is null)
        {
            return CommonOptions.ConfigError;
        }
        await using var store = await RelayAuthorizationStores.OpenAsync(settings, cancellationToken);
        try
        {
            return await action(store, settings);
        }
        catch (Exception exception) when (exception is StackExchange.Redis.RedisException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine("sekisho: fatal: relay authorization store: " + exception.Message);
            return 75; // EX_TEMPFAIL
        }
    }
}
