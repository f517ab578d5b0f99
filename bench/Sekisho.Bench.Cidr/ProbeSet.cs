using System.Net;

namespace Sekisho.Bench.Cidr;

/// <summary>Client addresses to decide on, cycled through by the timed loop.</summary>
/// <param name="Name">What kind of addresses they are, e.g. <c>IPv4 hit</c>.</param>
/// <param name="Addresses">The addresses; the length is a power of two.</param>
internal sealed record ProbeSet(string Name, IPAddress[] Addresses);
