using Microsoft.Extensions.Logging;
using Sekisho.Policy.Restrictions;
using Sekisho.Protocol.Smtp;

namespace Sekisho.Server.Smtp;

/// <summary>
/// ETRN (RFC 1985) as Postfix answers it: <c>ETRN example.com</c> (or <c>@example.com</c> with its subdomains; a
/// leading <c>#</c> is ignored) flushes the deferred mail for a domain in <c>fast_flush_domains</c>, for clients that
/// <c>smtpd_etrn_restrictions</c> allows. The session has already checked the state (after EHLO, not in a transaction).
/// </summary>
internal static class EtrnCommand
{
    /// <summary>Runs the command.</summary>
    /// <param name="services">The listener's services (<see cref="SmtpServices.Etrn"/>).</param>
    /// <param name="argument">The text after ETRN.</param>
    /// <param name="context">Client, HELO and login, for the restrictions.</param>
    /// <param name="clientLabel">The client as logged, <c>name[address]</c>.</param>
    /// <param name="cancellationToken">Session end.</param>
    public static async Task<SmtpReply> RunAsync(SmtpServices services, string argument, RestrictionContext context, string clientLabel,
        CancellationToken cancellationToken)
    {
        if (services.Etrn is not { } etrn)
        {
            return new SmtpReply(502, "5.5.1", "Error: command not implemented");
        }
        var words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 1)
        {
            return new SmtpReply(500, "5.5.2", "Syntax: ETRN domain");
        }
        var requested = words[0].TrimStart('#');
        var withSubdomains = requested.StartsWith('@');
        var domain = requested.TrimStart('@');
        if (!SmtpPathParser.IsValidDomain(domain) || domain.StartsWith('['))
        {
            return new SmtpReply(501, "5.5.4", "Error: invalid parameter syntax");
        }
        var decision = await services.Router.Policy.DecideEtrnAsync(context, cancellationToken);
        if (decision.Verdict.Reply is { IsPositive: false } refused)
        {
            services.Log.LogInformation("NOQUEUE: reject: ETRN from {Client}: {Reply} {Reason}; helo=<{Helo}>",
                clientLabel, refused.ToLogString(), decision.LogReason, context.Client.Helo);
            return refused;
        }
        var normalized = DomainName.Normalize(domain);
        if (!etrn.FastFlushDomains.Contains(normalized))
        {
            services.Log.LogInformation("NOQUEUE: reject: ETRN from {Client}: 459 4.3.0 <{Domain}>: service unavailable (not in fast_flush_domains)", clientLabel, domain);
            return new SmtpReply(459, "4.3.0", $"<{domain}>: service unavailable");
        }
        var result = etrn.Flush(withSubdomains ? "@" + normalized : normalized);
        services.Log.LogInformation("ETRN {Domain} from {Client}: {Count} deferred message(s) queued for delivery", requested, clientLabel, result.Count);
        return new SmtpReply(250, null, "Queuing started");
    }
}
