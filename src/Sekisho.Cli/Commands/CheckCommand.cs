using System.CommandLine;
using System.Net;
using Sekisho.Accounts;
using Sekisho.Accounts.Aliases;
using Sekisho.Config;
using Sekisho.Policy;
using Sekisho.Policy.Restrictions;
using Sekisho.Protocol.Smtp;
using Sekisho.Server.Hosting;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho check</c>: decides one RCPT the way the running server would, without starting it (like Exim's
/// <c>-bh</c>), and prints every list, every restriction's answer, the table line that matched and the verdict.
/// Exit 0 accept, 1 reject, 2 defer.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var config = CommonOptions.ConfigOption();
        var client = new Option<string>("--client") { Description = "The client IP address.", Required = true };
        var clientName = new Option<string>("--client-name") { Description = "The client's verified host name.", DefaultValueFactory = _ => "unknown" };
        var helo = new Option<string>("--helo") { Description = "The HELO/EHLO name.", DefaultValueFactory = _ => "" };
        var sender = new Option<string>("--sender") { Description = "The MAIL FROM address (<> for the null sender).", Required = true };
        var recipient = new Option<string>("--recipient") { Description = "The RCPT TO address.", Required = true };
        var saslUser = new Option<string?>("--sasl-user") { Description = "Decide as if the client had authenticated as this user." };
        var command = new Command("check", "Show how the server would decide a recipient, restriction by restriction, without starting it.")
        {
            config, client, clientName, helo, sender, recipient, saslUser,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config));
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            if (!IPAddress.TryParse(parse.GetValue(client), out var address))
            {
                Console.Error.WriteLine($"sekisho: --client {parse.GetValue(client)}: not an IP address");
                return CommonOptions.UsageError;
            }
            if (!TryPath(parse.GetValue(sender)!, isSender: true, out var from) || !TryPath(parse.GetValue(recipient)!, isSender: false, out var to))
            {
                return CommonOptions.UsageError;
            }
            await using var accounts = AccountStores.Open(settings.AccountDatabase);
            await using var relayAuthorizations = await Server.RelayAuth.RelayAuthorizationStores.OpenAsync(settings, cancellationToken);
            var popBeforeSmtp = new Server.RelayAuth.PopBeforeSmtp(relayAuthorizations, settings.Pop, settings.MyHostname,
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            var warnings = new List<string>();
            Server.Smtp.RecipientRouter router;
            try
            {
                router = RecipientRouterBuilder.Build(settings, accounts, new AliasMaps(settings.AliasMaps), warnings, popBeforeSmtp.IsAuthorizedAsync);
            }
            catch (ConfigException exception)
            {
                Console.Error.WriteLine("sekisho: fatal: " + exception.Message);
                return CommonOptions.ConfigError;
            }
            foreach (var warning in warnings)
            {
                Console.Error.WriteLine("sekisho: warning: " + warning);
            }
            if (address.IsIPv4MappedToIPv6)
            {
                address = address.MapToIPv4();
            }
            var context = new RestrictionContext
            {
                Client = new ClientContext(address, parse.GetValue(clientName)!, parse.GetValue(helo)!),
                Sender = from,
                Recipient = to,
                SaslUser = parse.GetValue(saslUser),
            };
            Console.WriteLine($"client={context.Client.Name}[{address}] helo=<{context.Client.Helo}> sasl_username={context.SaslUser ?? "-"} from=<{from.Address}> to=<{to.Address}>");
            var decision = await router.RouteAsync(context, cancellationToken);
            foreach (var line in decision.Trace)
            {
                Console.WriteLine("  " + line);
            }
            var reply = decision.Reply;
            var verdict = reply.IsPositive ? "accept" : reply.IsTransient ? "defer" : "reject";
            Console.WriteLine($"result: {verdict}: {reply.ToLogString()}{(decision.Reason.Length > 0 ? " " + decision.Reason : "")}");
            return reply.IsPositive ? 0 : reply.IsTransient ? 2 : 1;
        });
        return command;
    }

    private static bool TryPath(string text, bool isSender, out SmtpPath path)
    {
        var bracketed = text.StartsWith('<') ? text : "<" + text + ">";
        var ok = isSender
            ? SmtpPathParser.TryParseMailFrom("FROM:" + bracketed, out path, out _, out var error)
            : SmtpPathParser.TryParseRcptTo("TO:" + bracketed, out path, out _, out error);
        if (!ok)
        {
            Console.Error.WriteLine($"sekisho: {(isSender ? "--sender" : "--recipient")} {text}: {error!.ToLogString()}");
        }
        return ok;
    }
}
