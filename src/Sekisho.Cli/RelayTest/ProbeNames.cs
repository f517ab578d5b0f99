using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Sekisho.Cli.RelayTest;

/// <summary>The names a session fills into a <see cref="RelayProbe"/>'s templates.</summary>
/// <param name="OutsideDomain">The foreign domain mail must not be relayed to.</param>
/// <param name="TargetName">The tested server's own name (from its greeting).</param>
/// <param name="IpLiteral">The tested server's address as an address literal: <c>[192.0.2.1]</c> or <c>[IPv6:2001:db8::1]</c>.</param>
internal sealed partial record ProbeNames(string OutsideDomain, string TargetName, string IpLiteral)
{
    /// <summary>Fills the placeholders of <paramref name="template"/>.</summary>
    public string Fill(string template) => template
        .Replace("{out}", OutsideDomain, StringComparison.Ordinal)
        .Replace("{OUT}", OutsideDomain.ToUpperInvariant(), StringComparison.Ordinal)
        .Replace("{target}", TargetName, StringComparison.Ordinal)
        .Replace("{ip}", IpLiteral, StringComparison.Ordinal);

    /// <summary>
    /// The names for one session: the target name is the first word of the greeting when it is a host name
    /// or an address literal, else <paramref name="host"/> when that is a name, else the IP literal.
    /// </summary>
    public static ProbeNames For(string outsideDomain, ProbeReply greeting, string host, IPAddress serverAddress)
    {
        var literal = serverAddress.AddressFamily == AddressFamily.InterNetworkV6 ? $"[IPv6:{serverAddress}]" : $"[{serverAddress}]";
        var greetingName = greeting.FirstWord;
        var target = IsHostName(greetingName) || AddressLiteral().IsMatch(greetingName) ? greetingName
            : IsHostName(host) ? host
            : literal;
        return new ProbeNames(outsideDomain, target, literal);
    }

    /// <summary>True for a DNS host name such as <c>mx.example.test</c> or <c>localhost</c> (not a dotted quad).</summary>
    public static bool IsHostName(string text) =>
        text.Length is > 0 and <= 253 && HostName().IsMatch(text) && !text.All(c => char.IsAsciiDigit(c) || c == '.');

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$")]
    private static partial Regex HostName();

    [GeneratedRegex(@"^\[[0-9A-Fa-f:.IPv6]+\]$")]
    private static partial Regex AddressLiteral();
}
