namespace Sekisho.Delivery.Smtp;

/// <summary>
/// Chooses the destinations for a recipient as Postfix's trivial-rewrite does, in decreasing precedence:
/// a <c>transport_maps</c> next hop, then <c>sender_dependent_relayhost_maps</c>, then <c>relayhost</c>,
/// then the recipient domain itself (MX lookup).
/// </summary>
public sealed class RouteResolver
{
    private readonly SmtpTransportOptions _options;

    /// <summary>Creates the resolver.</summary>
    /// <param name="options">Relay host, lookup tables and default port.</param>
    public RouteResolver(SmtpTransportOptions options) => _options = options;

    /// <summary>Routes one recipient.</summary>
    /// <param name="recipient">The recipient address.</param>
    /// <param name="domain">The recipient domain (the queue's next hop for <c>smtp</c>).</param>
    /// <param name="sender">The envelope sender, "" for the null sender.</param>
    public SmtpRoute Resolve(string recipient, string domain, string sender)
    {
        if (_options.TransportMaps is { } transportMaps && FindTransport(transportMaps, recipient, domain) is { } entry)
        {
            switch (entry.Transport.ToLowerInvariant())
            {
                case "error":
                    return SmtpRoute.Failed(SmtpProblem.Bounce(entry.NextHop.Length > 0 ? entry.NextHop : "mail for this destination is refused"), "transport_maps");
                case "retry":
                    return SmtpRoute.Failed(SmtpProblem.Defer(entry.NextHop.Length > 0 ? entry.NextHop : "delivery temporarily suspended"), "transport_maps");
                case "" or "smtp" or "relay":
                    if (entry.NextHop.Length > 0)
                    {
                        return Parse(entry.NextHop, "transport_maps");
                    }
                    break;
                default:
                    return SmtpRoute.Failed(SmtpProblem.Defer($"mail transport unavailable: transport_maps names \"{entry.Transport}\" for an smtp recipient"), "transport_maps");
            }
        }
        if (_options.SenderDependentRelayhostMaps is { } senderMaps && FindSenderRelay(senderMaps, sender) is { Length: > 0 } senderRelay)
        {
            return Parse(senderRelay, "sender_dependent_relayhost_maps");
        }
        if (_options.RelayHost.Trim().Length > 0)
        {
            return Parse(_options.RelayHost, "relayhost");
        }
        return Parse(domain, "recipient domain");
    }

    /// <summary>A bad recipient domain never gets better (bounce); a bad table or relayhost entry waits for the admin (defer).</summary>
    private SmtpRoute Parse(string text, string source)
    {
        if (NextHop.TryParseList(text, _options.DefaultPort, out var destinations, out var error))
        {
            return SmtpRoute.To(destinations, source);
        }
        var detail = $"bad {source} destination: {error}";
        return SmtpRoute.Failed(source == "recipient domain" ? SmtpProblem.Bounce(detail) : SmtpProblem.Defer(detail), source);
    }

    /// <summary>transport(5) search order: <c>user@domain</c>, <c>domain</c>, <c>.parent.domain</c>s, <c>*</c>.</summary>
    private static TransportMapEntry? FindTransport(Func<string, string?> table, string recipient, string domain)
    {
        foreach (var key in TransportKeys(recipient, domain))
        {
            if (table(key) is { } value)
            {
                return TransportMapEntry.Parse(value);
            }
        }
        return null;
    }

    private static IEnumerable<string> TransportKeys(string recipient, string domain)
    {
        if (recipient.Length > 0)
        {
            yield return recipient;
        }
        if (domain.Length == 0)
        {
            yield return "*";
            yield break;
        }
        yield return domain;
        for (var dot = domain.IndexOf('.'); dot >= 0; dot = domain.IndexOf('.', dot + 1))
        {
            yield return domain[dot..];
        }
        yield return "*";
    }

    /// <summary>sender_dependent_relayhost_maps search order: the sender, then <c>@domain</c>; the null sender uses its own key.</summary>
    private string? FindSenderRelay(Func<string, string?> table, string sender)
    {
        if (sender.Length == 0)
        {
            return table(_options.EmptyAddressRelayhostMapsLookupKey)?.Trim();
        }
        if (table(sender) is { } value)
        {
            return value.Trim();
        }
        var at = sender.LastIndexOf('@');
        return at >= 0 ? table(sender[at..])?.Trim() : null;
    }
}
