using System.Net;

namespace Sekisho.Delivery.Smtp;

/// <summary>The addresses of one host name, or how the lookup failed.</summary>
/// <param name="Status">Found, not found, no data or try again.</param>
/// <param name="Addresses">The addresses, in the order to try them.</param>
/// <param name="QueryType">The record type of the failed query (<c>A</c>, <c>AAAA</c>), for the log text.</param>
public sealed record AddressLookupResult(AddressLookupStatus Status, IReadOnlyList<IPAddress> Addresses, string QueryType = "A")
{
    /// <summary>Postfix's name-service error text for a failed lookup of <paramref name="name"/>.</summary>
    /// <param name="name">The name looked up.</param>
    public string Describe(string name) => NameServiceError.Describe(name, QueryType, Status);
}
