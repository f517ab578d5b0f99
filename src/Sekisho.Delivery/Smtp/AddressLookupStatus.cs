namespace Sekisho.Delivery.Smtp;

/// <summary>How a host-name lookup ended.</summary>
public enum AddressLookupStatus
{
    /// <summary>At least one address.</summary>
    Found,

    /// <summary>The name does not exist (NXDOMAIN).</summary>
    NotFound,

    /// <summary>The name exists but has no address of the families in use (NODATA).</summary>
    NoData,

    /// <summary>The lookup failed for now (timeout, SERVFAIL).</summary>
    TryAgain,
}
