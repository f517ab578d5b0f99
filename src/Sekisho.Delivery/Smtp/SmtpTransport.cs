using DnsClient;
using MimeKit;
using Sekisho.Queue;

namespace Sekisho.Delivery.Smtp;

/// <summary>
/// The <c>smtp</c> transport: routes each recipient (transport_maps, sender-dependent relay host, relayhost,
/// or the recipient domain's MX hosts), then tries the servers in order, one session each, until every
/// recipient is sent or bounced or the servers run out. Recipients deferred by one server (4xx, lost
/// connection) are offered to the next; the last reason is what a still-deferred recipient reports.
/// </summary>
public sealed class SmtpTransport : ITransport
{
    private readonly SmtpTransportOptions _options;
    private readonly RouteResolver _routes;
    private readonly MxResolver _mx;
    private readonly SmtpSession _session;

    /// <summary>Creates the transport with a DNS client for <see cref="SmtpTransportOptions.DnsServers"/>.</summary>
    /// <param name="options">The settings.</param>
    public SmtpTransport(SmtpTransportOptions options) : this(options, MxResolver.CreateLookupClient(options))
    {
    }

    /// <summary>Creates the transport with a given DNS client.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="dns">The DNS client.</param>
    public SmtpTransport(SmtpTransportOptions options, ILookupClient dns)
    {
        _options = options;
        _routes = new RouteResolver(options);
        _mx = new MxResolver(dns, options);
        _session = new SmtpSession(options);
    }

    /// <inheritdoc/>
    public string Name => "smtp";

    /// <inheritdoc/>
    public string? DestinationOf(QueueRecipient recipient, string sender)
    {
        var route = _routes.Resolve(recipient.Address, recipient.NextHop, sender);
        return route.Problem is null ? route.Key : "smtp:" + recipient.NextHop;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<RecipientResult>> DeliverAsync(DeliveryRequest request, CancellationToken cancellationToken)
    {
        var results = new RecipientResult?[request.Recipients.Count];
        var sender = request.Message.Envelope.Sender;
        var groups = new Dictionary<string, (SmtpRoute Route, List<Member> Members)>(StringComparer.OrdinalIgnoreCase);
        for (var position = 0; position < request.Recipients.Count; position++)
        {
            var (index, recipient) = request.Recipients[position];
            var route = _routes.Resolve(recipient.Address, recipient.NextHop, sender);
            if (route.Problem is { } problem)
            {
                results[position] = ToResult(problem);
                continue;
            }
            if (!groups.TryGetValue(route.Key, out var group))
            {
                group = (route, []);
                groups[route.Key] = group;
            }
            group.Members.Add(new Member(position, index, recipient.Address, recipient.Notify));
        }
        if (groups.Count > 0)
        {
            var (message, failure) = await SpoolMimeMessage.CreateAsync(request.Message, _options.HeaderSectionLimit, cancellationToken);
            foreach (var (route, members) in groups.Values)
            {
                if (message is null)
                {
                    members.ForEach(m => results[m.Position] = ToResult(failure!));
                    continue;
                }
                var envelope = new SmtpEnvelope(sender, [])
                {
                    Return = request.Message.Envelope.Return,
                    EnvelopeId = request.Message.Envelope.EnvelopeId,
                };
                await DeliverRouteAsync(route, members, message, envelope, results, cancellationToken);
            }
        }
        return results.Select(r => r!).ToList();
    }

    private async Task DeliverRouteAsync(SmtpRoute route, List<Member> members, MimeMessage message, SmtpEnvelope envelope,
        RecipientResult?[] results, CancellationToken cancellationToken)
    {
        var pending = new List<Member>(members);
        var latest = new Dictionary<int, RecipientResult>();
        var sessions = 0;
        foreach (var destination in route.Destinations)
        {
            var resolution = await _mx.ResolveAsync(destination, cancellationToken);
            if (resolution.Problem is { } dnsProblem)
            {
                pending.ForEach(m => latest[m.Position] = ToResult(dnsProblem));
                continue;
            }
            foreach (var endpoint in resolution.Endpoints)
            {
                if (_options.MxSessionLimit > 0 && sessions >= _options.MxSessionLimit)
                {
                    break;
                }
                var attempt = await _session.DeliverAsync(endpoint, destination, message,
                    envelope with { Recipients = [.. pending.Select(m => new SmtpEnvelopeRecipient(m.Index, m.Address, m.Notify))] }, cancellationToken);
                if (attempt.HandshakeCompleted)
                {
                    sessions++;
                }
                pending = Apply(attempt, pending, latest, results);
                if (pending.Count == 0)
                {
                    return;
                }
            }
        }
        foreach (var member in pending)
        {
            results[member.Position] = latest.GetValueOrDefault(member.Position)
                ?? RecipientResult.Deferred("none", "no server could be tried for " + string.Join(", ", route.Destinations));
        }
    }

    /// <summary>Records final results (sent, bounced) and keeps the deferred recipients for the next server.</summary>
    private static List<Member> Apply(SmtpAttemptResult attempt, List<Member> pending, Dictionary<int, RecipientResult> latest, RecipientResult?[] results)
    {
        var still = new List<Member>();
        foreach (var member in pending)
        {
            var result = attempt.Replies.GetValueOrDefault(member.Index) ?? (attempt.Problem is { } problem ? ToResult(problem) : null);
            if (result is null)
            {
                still.Add(member);
            }
            else if (result.Status == RecipientStatus.Pending)
            {
                latest[member.Position] = result;
                still.Add(member);
            }
            else
            {
                results[member.Position] = result;
            }
        }
        return still;
    }

    private static RecipientResult ToResult(SmtpProblem problem) =>
        problem.Permanent ? RecipientResult.Bounced(problem.Relay, problem.Detail) : RecipientResult.Deferred(problem.Relay, problem.Detail);

    private sealed record Member(int Position, int Index, string Address, DsnNotify Notify);
}
