using System.Net;

namespace Sekisho.Cli.RelayTest;

/// <summary>What <c>sekisho relay-test</c> was asked to do.</summary>
/// <param name="Target">The server to test.</param>
/// <param name="LocalAddress">The source address to connect from (<c>--from-address</c>), or null for the system's choice.</param>
/// <param name="OutsideDomain">The foreign domain the tests try to relay to (<c>--outside-domain</c>).</param>
/// <param name="HeloName">The name sent with EHLO and HELO (<c>--helo</c>).</param>
/// <param name="Timeout">The longest wait for a connection or a reply (<c>--timeout</c>).</param>
internal sealed record RelayTestSettings(RelayTarget Target, IPAddress? LocalAddress, string OutsideDomain, string HeloName, TimeSpan Timeout);
