namespace Sekisho.Delivery.Smtp;

/// <summary>
/// A <c>transport_maps</c> result, <c>transport:nexthop</c> as in transport(5): <c>smtp:[10.0.0.5]:25</c>,
/// <c>:[relay.example]</c> (default transport), <c>smtp:</c> (default next hop), <c>error:5.1.1 no such user</c>.
/// </summary>
/// <param name="Transport">The transport name, empty for the default one.</param>
/// <param name="NextHop">The next-hop text, empty for the default one (for <c>error</c> and <c>retry</c>, the message).</param>
public sealed record TransportMapEntry(string Transport, string NextHop)
{
    /// <summary>Splits a table value at its first colon; a value without one is a transport name alone.</summary>
    /// <param name="value">The table value.</param>
    public static TransportMapEntry Parse(string value)
    {
        var text = value.Trim();
        var colon = text.IndexOf(':');
        return colon < 0
            ? new TransportMapEntry(text, "")
            : new TransportMapEntry(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }
}
