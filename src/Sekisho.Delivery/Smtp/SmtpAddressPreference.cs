namespace Sekisho.Delivery.Smtp;

/// <summary>Which address family is tried first for one host (<c>smtp_address_preference</c>).</summary>
public enum SmtpAddressPreference
{
    /// <summary>Random order between the families, as Postfix's default <c>any</c>.</summary>
    Any,

    /// <summary>IPv4 addresses first.</summary>
    IPv4,

    /// <summary>IPv6 addresses first.</summary>
    IPv6,
}
