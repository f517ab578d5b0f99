using Sekisho.Accounts.Resolution;
using Sekisho.Policy;
using Sekisho.Policy.Restrictions;
using Sekisho.Protocol.Smtp;
using Sekisho.Queue;

namespace Sekisho.Server.Smtp;

/// <summary>
/// Decides a RCPT: the relay policy first, then, for local domains, the recipient must resolve (aliases, then
/// accounts) or it is refused as unknown. Returns the reply and, when accepted, where delivery goes: an
/// account's Maildir (<c>local</c>), a remote address (<c>smtp</c>), or, when the admin allows them, a command
/// (<c>pipe</c>, next hop the command line) or a file (<c>file</c>, next hop the path). For the last two the
/// address is <c>alias@domain</c>, so the alias holding the target is known at delivery (the command's <c>LOCAL</c>).
/// </summary>
public sealed class RecipientRouter
{
    private readonly SmtpdPolicy _policy;
    private readonly LocalDomains _localDomains;
    private readonly LocalRecipientResolver _resolver;
    private readonly SenderRoutingRewriter _rewriter;

    /// <summary>Creates the router.</summary>
    /// <param name="policy">The restriction lists.</param>
    /// <param name="localDomains">What is delivered here.</param>
    /// <param name="resolver">Local recipients (aliases, accounts).</param>
    /// <param name="rewriter"><c>allow_percent_hack</c> and <c>swap_bangpath</c>, applied before the policy; null: none.</param>
    public RecipientRouter(SmtpdPolicy policy, LocalDomains localDomains, LocalRecipientResolver resolver, SenderRoutingRewriter? rewriter = null)
    {
        _policy = policy;
        _localDomains = localDomains;
        _resolver = resolver;
        _rewriter = rewriter ?? SenderRoutingRewriter.None;
    }

    /// <summary>What is delivered here (also which domains a SASL login may be written with).</summary>
    public LocalDomains LocalDomains => _localDomains;

    /// <summary>The restriction lists, for DATA-time decisions (<c>smtpd_data_restrictions</c>).</summary>
    public SmtpdPolicy Policy => _policy;

    /// <summary>Decides one recipient: the restriction lists first, then where an accepted recipient goes.</summary>
    /// <param name="context">Client, sender and the recipient to decide.</param>
    /// <param name="cancellationToken">Session end.</param>
    public async Task<RoutingDecision> RouteAsync(RestrictionContext context, CancellationToken cancellationToken)
    {
        var given = context.Recipient ?? throw new ArgumentException("no recipient to route", nameof(context));
        var recipient = _rewriter.Rewrite(given);
        var decision = await _policy.DecideRecipientAsync(recipient == given ? context : context with { Recipient = recipient }, cancellationToken);
        var routed = await RouteAsync(recipient, decision, cancellationToken);
        if (recipient != given)
        {
            // Replies quote the address as the client wrote it, as Postfix's do.
            var quoted = $"<{recipient.Address}>";
            var reply = routed.Reply.Text.StartsWith(quoted, StringComparison.Ordinal)
                ? routed.Reply.WithText($"<{given.Address}>" + routed.Reply.Text[quoted.Length..])
                : routed.Reply;
            routed = routed with
            {
                Reply = reply,
                Targets = [.. routed.Targets.Select(t => t.OriginalAddress is null ? t with { OriginalAddress = given.Address } : t)],
                Trace = [$"rewritten: <{given.Address}> -> <{recipient.Address}> (allow_percent_hack / swap_bangpath)", .. routed.Trace],
            };
        }
        return routed with { Warnings = decision.Warnings };
    }

    /// <summary>
    /// Where mail the server itself writes (a non-delivery report) goes: the recipient routed like any other, without
    /// the restriction lists (the server is not a client that could relay). Empty when the recipient is unknown here.
    /// </summary>
    public async Task<IReadOnlyList<QueueRecipient>> RouteWithoutPolicyAsync(SmtpPath recipient, CancellationToken cancellationToken)
    {
        var routed = await RouteAsync(_rewriter.Rewrite(recipient), new PolicyDecision(Verdict.Permit("internal"), null, [], []), cancellationToken);
        return routed.Targets;
    }

    /// <summary>
    /// Routes a recipient of locally submitted mail (the <c>sendmail</c> command): no restriction applies, as for
    /// Postfix's pickup, and a local address no one has is not refused but routed to the <c>error</c> transport, so
    /// the sender gets a non-delivery report instead of a reply.
    /// </summary>
    /// <param name="recipient">The recipient.</param>
    /// <param name="cancellationToken">Cancels table lookups.</param>
    public async Task<IReadOnlyList<QueueRecipient>> RouteLocalSubmissionAsync(SmtpPath recipient, CancellationToken cancellationToken)
    {
        var rewritten = _rewriter.Rewrite(recipient);
        var routed = await RouteAsync(rewritten, new PolicyDecision(Verdict.Permit("local submission"), null, [], []), cancellationToken);
        if (routed.Targets.Count > 0)
        {
            return rewritten == recipient ? routed.Targets : [.. routed.Targets.Select(t => t.OriginalAddress is null ? t with { OriginalAddress = recipient.Address } : t)];
        }
        var reply = routed.Reply;
        return [new QueueRecipient(recipient.Address, null, "error", $"{reply.EnhancedCode} {reply.Text}")];
    }

    private async Task<RoutingDecision> RouteAsync(SmtpPath recipient, PolicyDecision decision, CancellationToken cancellationToken)
    {
        if (decision.Verdict.Kind is VerdictKind.Reject or VerdictKind.Defer)
        {
            return new RoutingDecision(decision.Verdict.Reply!, [], decision.LogReason, decision.Trace)
            {
                RestrictionList = decision.Parameter, Restriction = decision.Verdict.Rule,
            };
        }
        if (!_localDomains.Contains(recipient.Domain))
        {
            var domain = recipient.Domain.TrimEnd('.').ToLowerInvariant();
            return new RoutingDecision(SmtpReply.RecipientOk, [new QueueRecipient(recipient.Address, null, "smtp", domain)], decision.LogReason,
                [.. decision.Trace, $"transport: smtp to {domain} (not a local domain)"]);
        }
        var resolution = await _resolver.ResolveAsync(recipient.LocalPart, cancellationToken);
        if (!resolution.Found)
        {
            var problem = resolution.Problem ?? "unknown user";
            return new RoutingDecision(SmtpReply.UserUnknown(recipient.Address), [], $"(local recipient table: {problem})",
                [.. decision.Trace, $"local recipient table: {recipient.LocalPart} -> {problem}"]) { Restriction = "local_recipient_table" };
        }
        var targets = new List<QueueRecipient>(resolution.Targets.Count);
        foreach (var target in resolution.Targets)
        {
            targets.Add(target switch
            {
                MailboxTarget mailbox when string.Equals(mailbox.Account, recipient.LocalPart, StringComparison.OrdinalIgnoreCase)
                    => new QueueRecipient(recipient.Address, null, "local", mailbox.Account),
                MailboxTarget mailbox => new QueueRecipient(mailbox.Account + "@" + LocalDomainOf(recipient), recipient.Address, "local", mailbox.Account),
                RemoteTarget remote => new QueueRecipient(remote.Address, recipient.Address, "smtp", DomainOf(remote.Address)),
                CommandTarget command => new QueueRecipient(command.Alias + "@" + LocalDomainOf(recipient), recipient.Address, "pipe", command.Command),
                FileTarget file => new QueueRecipient(file.Alias + "@" + LocalDomainOf(recipient), recipient.Address, "file", file.Path),
                _ => throw new InvalidOperationException("unknown delivery target " + target),
            });
        }
        return new RoutingDecision(SmtpReply.RecipientOk, targets, decision.LogReason,
            [.. decision.Trace, $"local recipient table: {recipient.LocalPart} -> " + string.Join(", ", targets.Select(t => $"{t.Transport}:{t.NextHop}"))]);
    }

    private static string LocalDomainOf(SmtpPath recipient) => recipient.Domain.Length == 0 ? "localhost" : recipient.Domain.ToLowerInvariant();

    private static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? "" : address[(at + 1)..].TrimEnd('.').ToLowerInvariant();
    }
}
