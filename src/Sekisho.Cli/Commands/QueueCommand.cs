using System.CommandLine;
using System.Globalization;
using System.Text;
using Sekisho.Cli.Queue;
using Sekisho.Queue;
using Sekisho.Queue.Control;
using Sekisho.Queue.Pickup;

namespace Sekisho.Cli.Commands;

/// <summary>
/// <c>sekisho queue list|show ID|flush [--domain D]|hold ID|release ID|delete ID|ALL|requeue ID</c>: Postfix's mailq,
/// postcat -q, postqueue -f/-s and postsuper -h/-H/-d/-r in one command. Changes go through the running server when
/// there is one, so they are safe while it delivers.
/// </summary>
internal static class QueueCommand
{
    public static Command Create()
    {
        var command = new Command("queue", "List, inspect, flush, hold, release, delete or requeue queued mail.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Flush());
        command.Subcommands.Add(ById("hold", "Put a message on hold: it is not delivered until released."));
        command.Subcommands.Add(ById("release", "Release a held message for delivery."));
        command.Subcommands.Add(ById("delete", "Delete a message, or every message with ALL."));
        command.Subcommands.Add(ById("requeue", "Deliver a deferred or held message now."));
        return command;
    }

    private static Command List()
    {
        var config = CommonOptions.ConfigOption();
        var command = new Command("list", "Print the queue as mailq does: id (* being delivered, ! on hold), size, arrival, sender, recipients and why they wait.") { config };
        command.SetAction(parse =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config), printWarnings: false);
            return settings is null ? CommonOptions.ConfigError : ListQueue(settings, "sekisho");
        });
        return command;
    }

    /// <summary>Prints the queue as mailq does, then what waits in the maildrop folder; a queue this user may not read gives EX_NOPERM.</summary>
    /// <param name="settings">The configuration.</param>
    /// <param name="program">The name errors are printed under.</param>
    public static int ListQueue(Config.SekishoSettings settings, string program)
    {
        try
        {
            var spool = Directory.Exists(settings.QueueDirectory) ? new Spool(settings.QueueDirectory) : null;
            Console.Write(MailqFormatter.Format(spool is null ? [] : [.. QueueListing.Read(spool), .. MaildropListing.Read(settings.QueueDirectory)]));
            return 0;
        }
        catch (UnauthorizedAccessException exception)
        {
            Console.Error.WriteLine($"{program}: fatal: cannot read the queue: {exception.Message}");
            return CommonOptions.NoPermission;
        }
        catch (IOException exception)
        {
            Console.Error.WriteLine($"{program}: fatal: cannot read the queue: {exception.Message}");
            return CommonOptions.Unavailable;
        }
    }

    private static Command Show()
    {
        var config = CommonOptions.ConfigOption();
        var id = new Argument<string>("ID") { Description = "The queue id." };
        var command = new Command("show", "Print a message's envelope, recipient statuses and content (postcat -q).") { config, id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = CommonOptions.LoadSettings(parse.GetValue(config), printWarnings: false);
            if (settings is null)
            {
                return CommonOptions.ConfigError;
            }
            var spool = new Spool(settings.QueueDirectory);
            if (QueueListing.Find(spool, parse.GetValue(id)!) is not { } entry)
            {
                Console.Error.WriteLine($"sekisho: {parse.GetValue(id)}: no such message in the queue");
                return CommonOptions.DataError;
            }
            Console.Write(Envelope(entry));
            await using var content = QueueListing.OpenContent(spool, entry);
            if (content is not null)
            {
                await using var stdout = Console.OpenStandardOutput();
                await content.CopyToAsync(stdout, cancellationToken);
            }
            return 0;
        });
        return command;
    }

    private static Command Flush()
    {
        var config = CommonOptions.ConfigOption();
        var domain = new Option<string?>("--domain") { Description = "Only mail with a recipient in this domain (@domain: and its subdomains), as ETRN does." };
        var command = new Command("flush", "Try every deferred message now, defer_transports included (postqueue -f, sendmail -q).") { config, domain };
        command.SetAction(async (parse, cancellationToken) =>
            await SendAsync(parse.GetValue(config), parse.GetValue(domain) is { } d ? "flush " + d : "flush", cancellationToken));
        return command;
    }

    private static Command ById(string verb, string description)
    {
        var config = CommonOptions.ConfigOption();
        var id = new Argument<string>("ID") { Description = verb == "delete" ? "The queue id, or ALL." : "The queue id." };
        var command = new Command(verb, description) { config, id };
        command.SetAction(async (parse, cancellationToken) => await SendAsync(parse.GetValue(config), verb + " " + parse.GetValue(id), cancellationToken));
        return command;
    }

    private static async Task<int> SendAsync(string? configPath, string request, CancellationToken cancellationToken)
    {
        var settings = CommonOptions.LoadSettings(configPath, printWarnings: false);
        return settings is null ? CommonOptions.ConfigError : await SendAsync(settings, request, "sekisho", cancellationToken);
    }

    /// <summary>Sends a request (<c>flush</c>, <c>hold ID</c>...) to the running server, or does it on the queue itself.</summary>
    /// <param name="settings">The configuration.</param>
    /// <param name="request">The request.</param>
    /// <param name="program">The name messages are printed under.</param>
    /// <param name="cancellationToken">Abort.</param>
    public static async Task<int> SendAsync(Config.SekishoSettings settings, string request, string program, CancellationToken cancellationToken)
    {
        try
        {
            var (reply, running) = await QueueRequestClient.SendAsync(settings.QueueDirectory, request, cancellationToken);
            var (count, text) = QueueControl.ParseReply(reply);
            if (count is null)
            {
                Console.Error.WriteLine($"{program}: " + text);
                return text.EndsWith("no such message in the queue", StringComparison.Ordinal) ? CommonOptions.DataError : CommonOptions.UsageError;
            }
            if (text.EndsWith("no such message in the queue", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"{program}: " + text);
                return CommonOptions.DataError;
            }
            Console.WriteLine($"{program}: " + text + (running || count == 0 || !request.StartsWith("flush", StringComparison.Ordinal) ? "" : " (no server is running: delivered when it starts)"));
            return 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            Console.Error.WriteLine($"{program}: fatal: " + exception.Message);
            return exception is UnauthorizedAccessException ? CommonOptions.NoPermission : CommonOptions.Unavailable;
        }
    }

    private static string Envelope(QueueEntry entry)
    {
        var envelope = entry.Envelope;
        var text = new StringBuilder();
        text.Append("*** ENVELOPE RECORDS ").Append(entry.QueueId).Append(" ***\n");
        text.Append("queue: ").Append(entry.State.ToString().ToLowerInvariant()).Append('\n');
        text.Append("message_size: ").Append(entry.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("message_arrival_time: ").Append(envelope.ArrivalTime.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        text.Append("client: ").Append(envelope.ClientName).Append('[').Append(envelope.ClientAddress).Append("], helo=").Append(envelope.Helo)
            .Append(", protocol=").Append(envelope.Protocol).Append('\n');
        text.Append("sender: ").Append(envelope.Sender).Append('\n');
        if (envelope.EnvelopeId.Length > 0)
        {
            text.Append("envid: ").Append(envelope.EnvelopeId).Append('\n');
        }
        foreach (var recipient in envelope.Recipients)
        {
            var status = recipient.Status switch { RecipientStatus.Sent => "sent", RecipientStatus.Bounced => "bounced", _ => "pending" };
            text.Append("recipient: ").Append(recipient.Address).Append(" (").Append(status).Append(", ").Append(recipient.Transport).Append(':').Append(recipient.NextHop);
            if (recipient.OriginalAddress is { } original)
            {
                text.Append(", orig_to=").Append(original);
            }
            text.Append(')');
            if (recipient.Status == RecipientStatus.Pending && entry.DeferReasons.TryGetValue(recipient.Address, out var reason))
            {
                text.Append(" (").Append(reason).Append(')');
            }
            text.Append('\n');
        }
        text.Append("*** MESSAGE CONTENTS ").Append(entry.QueueId).Append(" ***\n");
        return text.ToString();
    }
}
