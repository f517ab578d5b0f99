using MimeKit;
using Sekisho.Cli.Commands;
using Sekisho.Config;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue.Pickup;

namespace Sekisho.Cli.Sendmail;

/// <summary>
/// The sendmail-compatible command, run as <c>sekisho sendmail</c> or under the name <c>sendmail</c> (and as
/// <c>mailq</c> = <c>-bp</c>, <c>newaliases</c> = <c>-bi</c>). A message goes into the maildrop folder, where the
/// server picks it up (at once when it runs, else when it starts). Exit codes are sysexits.h's.
/// </summary>
internal static class SendmailCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="program">The name it was invoked as (for messages): sendmail, mailq or newaliases.</param>
    /// <param name="args">The arguments after the name.</param>
    /// <param name="cancellationToken">Abort.</param>
    public static async Task<int> RunAsync(string program, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (!SendmailOptionParser.TryParse(args, out var options, out var error))
        {
            Console.Error.WriteLine($"{program}: {error}");
            Console.Error.WriteLine($"{program}: fatal: usage: {program} [options] [recipient ...]");
            return CommonOptions.UsageError;
        }
        foreach (var warning in options.Warnings)
        {
            Console.Error.WriteLine($"{program}: warning: {warning}");
        }
        var settings = CommonOptions.LoadSettings(options.ConfigPath, printWarnings: options.Verbose > 0, program);
        if (settings is null)
        {
            return CommonOptions.ConfigError;
        }
        switch (options.Mode)
        {
            case SendmailMode.ListQueue:
                return QueueCommand.ListQueue(settings, program);
            case SendmailMode.NewAliases:
                return await NewAliasesCommand.RunAsync(settings, program, cancellationToken);
            case SendmailMode.Flush:
                return await QueueCommand.SendAsync(settings, options.FlushSite is { } site ? "flush " + site : "flush", program, cancellationToken);
            case SendmailMode.Nothing:
                return 0;
        }

        var identity = await SubmitterIdentity.OfProcessAsync(cancellationToken);
        if (!settings.AuthorizedSubmitUsers.Allows(identity.Login))
        {
            Console.Error.WriteLine($"{program}: fatal: User {identity.Login}({identity.Uid}) is not allowed to submit mail (authorized_submit_users)");
            return CommonOptions.NoPermission;
        }
        if (!TryOpenMaildrop(settings, out var folder, out var problem))
        {
            Console.Error.WriteLine($"{program}: fatal: {problem}");
            return CommonOptions.TemporaryFailure;
        }
        var submitter = new LocalSubmitter(settings, folder);
        var defaultSender = HeaderSection.Qualify(identity.Login, settings.MyOrigin);
        if (options.Mode == SendmailMode.Smtp)
        {
            var dialogue = new LocalSmtpDialogue(settings, submitter);
            await using var input = Console.OpenStandardInput();
            await using var output = Console.OpenStandardOutput();
            await dialogue.RunAsync(input, output, cancellationToken);
            return 0;
        }

        if (!TryParseSender(options.Sender, defaultSender, settings.MyOrigin, out var sender))
        {
            Console.Error.WriteLine($"{program}: fatal: bad sender address syntax: {options.Sender}");
            return CommonOptions.UsageError;
        }
        var recipients = new List<MaildropRecipient>();
        foreach (var argument in options.Recipients)
        {
            if (!TryParseRecipients(argument, settings.MyOrigin, out var addresses))
            {
                Console.Error.WriteLine($"{program}: fatal: bad recipient address syntax: {argument}");
                return CommonOptions.UsageError;
            }
            recipients.AddRange(addresses.Select(a => new MaildropRecipient(a, options.Notify)));
        }
        if (recipients.Count == 0 && !options.ExtractRecipients)
        {
            Console.Error.WriteLine($"{program}: fatal: {identity.Login}({identity.Uid}): Recipient addresses must be specified on the command line or via the -t option");
            return CommonOptions.UsageError;
        }
        var request = new SubmissionRequest
        {
            Sender = sender,
            Recipients = recipients,
            ExtractRecipients = options.ExtractRecipients,
            Notify = options.Notify,
            DotEndsInput = !options.IgnoreDots,
            FullName = options.FullName ?? Environment.GetEnvironmentVariable("NAME") ?? "",
            Return = options.Return,
            EnvelopeId = options.EnvelopeId,
            BodyType = options.BodyType,
        };
        SubmissionResult result;
        await using (var stdin = Console.OpenStandardInput())
        {
            result = await submitter.SubmitAsync(request, stdin, cancellationToken);
        }
        switch (result.Outcome)
        {
            case SubmissionOutcome.Submitted:
                if (options.Verbose > 0)
                {
                    Console.Error.WriteLine($"{program}: maildrop/{result.Name}: from=<{sender}>, nrcpt={result.RecipientCount}: handed to the server");
                }
                return 0;
            case SubmissionOutcome.NoRecipients:
                Console.Error.WriteLine($"{program}: fatal: {identity.Login}({identity.Uid}): {result.Detail}");
                return CommonOptions.UsageError;
            case SubmissionOutcome.QueueUnwritable:
                Console.Error.WriteLine($"{program}: fatal: cannot write the queue: {result.Detail}");
                return CommonOptions.TemporaryFailure;
            default:
                Console.Error.WriteLine($"{program}: fatal: {identity.Login}({identity.Uid}): {result.Detail}");
                return CommonOptions.DataError;
        }
    }

    /// <summary>The maildrop folder; made (with its modes) when missing and this user may, as when the server never ran.</summary>
    private static bool TryOpenMaildrop(SekishoSettings settings, out string folder, out string problem)
    {
        folder = MaildropFolder.PathIn(settings.QueueDirectory);
        problem = "";
        if (Directory.Exists(folder))
        {
            return true;
        }
        try
        {
            MaildropFolder.Prepare(settings.QueueDirectory);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot write the queue: {folder}: {exception.Message}";
            return false;
        }
    }

    /// <summary><c>-f</c>: an address (bare or <c>Name &lt;address&gt;</c>), <c>&lt;&gt;</c> or empty for the null sender.</summary>
    private static bool TryParseSender(string? given, string defaultSender, string origin, out string sender)
    {
        sender = defaultSender;
        if (given is null)
        {
            return true;
        }
        var text = given.Trim();
        if (text is "" or "<>")
        {
            sender = "";
            return true;
        }
        if (!TryParseRecipients(text, origin, out var addresses) || addresses.Count != 1)
        {
            return false;
        }
        sender = addresses[0];
        return true;
    }

    /// <summary>A recipient argument: one or more RFC 5322 addresses, comma-separated; unqualified names get <c>@myorigin</c>.</summary>
    private static bool TryParseRecipients(string argument, string origin, out List<string> addresses)
    {
        addresses = [];
        if (!InternetAddressList.TryParse(ParserOptions.Default, argument, out var list))
        {
            return false;
        }
        foreach (var mailbox in list.Mailboxes)
        {
            var address = HeaderSection.Qualify(mailbox.Address, origin);
            if (!SmtpPathParser.TryParseRcptTo($"TO:<{address}>", out _, out _, out _))
            {
                return false;
            }
            addresses.Add(address);
        }
        return addresses.Count > 0;
    }
}
