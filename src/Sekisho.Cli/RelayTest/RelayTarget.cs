using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Sekisho.Cli.RelayTest;

/// <summary>The server to test, as given on the command line: <c>HOST[:PORT]</c>, <c>[IPv6]:PORT</c>.</summary>
/// <param name="Host">A host name or an IP address (without brackets).</param>
/// <param name="Port">The SMTP port; 25 when none was given.</param>
internal sealed record RelayTarget(string Host, int Port)
{
    /// <summary>The SMTP port when none is given.</summary>
    public const int DefaultPort = 25;

    /// <summary>Parses <c>host</c>, <c>host:port</c>, <c>192.0.2.1:2525</c>, <c>[2001:db8::1]:25</c> or a bare IPv6 address.</summary>
    public static bool TryParse(string text, out RelayTarget target, out string error)
    {
        target = new RelayTarget("", DefaultPort);
        var host = text;
        var portText = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0 || (close + 1 < text.Length && text[close + 1] != ':'))
            {
                error = $"{text}: expected [ADDRESS] or [ADDRESS]:PORT";
                return false;
            }
            host = text[1..close];
            portText = close + 1 < text.Length ? text[(close + 2)..] : "";
        }
        else if (text.Count(c => c == ':') == 1)
        {
            var colon = text.IndexOf(':');
            host = text[..colon];
            portText = text[(colon + 1)..];
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = $"{text}: no host";
            return false;
        }
        var port = DefaultPort;
        if (portText.Length > 0 && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
        {
            error = $"{text}: the port must be a number from 1 to 65535";
            return false;
        }
        target = new RelayTarget(host, port);
        error = "";
        return true;
    }

    /// <summary>The address to connect to: the host itself when it is an address, else its first address of the family of <paramref name="localAddress"/> (IPv4 preferred).</summary>
    /// <exception cref="TargetUnreachableException">The name does not resolve to a usable address.</exception>
    public async Task<IPEndPoint> ResolveAsync(IPAddress? localAddress, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var literal))
        {
            return new IPEndPoint(literal, Port);
        }
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken);
        }
        catch (SocketException exception)
        {
            throw new TargetUnreachableException($"{Host}: cannot resolve: {exception.Message}", exception);
        }
        var family = localAddress?.AddressFamily;
        var chosen = addresses.FirstOrDefault(a => family is null ? a.AddressFamily == AddressFamily.InterNetwork : a.AddressFamily == family)
            ?? (family is null ? addresses.FirstOrDefault() : null);
        return chosen is null
            ? throw new TargetUnreachableException($"{Host}: no address" + (family is null ? "" : $" of the family of {localAddress}"))
            : new IPEndPoint(chosen, Port);
    }
}
