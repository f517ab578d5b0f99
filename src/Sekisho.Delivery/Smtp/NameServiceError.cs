namespace Sekisho.Delivery.Smtp;

/// <summary>Postfix's wording of DNS failures, e.g. <c>Host or domain name not found. Name service error for name=x type=MX: Host not found</c>.</summary>
public static class NameServiceError
{
    /// <summary>The text for a failed query.</summary>
    /// <param name="name">The name looked up.</param>
    /// <param name="type">The record type.</param>
    /// <param name="status">How it failed.</param>
    public static string Describe(string name, string type, AddressLookupStatus status) =>
        $"Host or domain name not found. Name service error for name={name} type={type}: " + status switch
        {
            AddressLookupStatus.NotFound => "Host not found",
            AddressLookupStatus.NoData => "Host found but no data record of requested type",
            _ => "Host not found, try again",
        };
}
