using System.Net;

namespace Sekisho.Policy;

/// <summary>What the policy knows about the SMTP client.</summary>
/// <param name="Address">The client's IP address (IPv4-mapped addresses already unmapped).</param>
/// <param name="Name">The client's host name, <c>unknown</c> without reverse DNS.</param>
/// <param name="Helo">The HELO/EHLO argument, "" before it.</param>
public sealed record ClientContext(IPAddress Address, string Name, string Helo);
