namespace Sekisho.Delivery.Smtp;

/// <summary>How host names are turned into addresses (<c>smtp_host_lookup</c>). DNS is always tried before native.</summary>
[Flags]
public enum SmtpHostLookup
{
    /// <summary>A/AAAA queries to the DNS servers (<c>dns</c>).</summary>
    Dns = 1,

    /// <summary>The system resolver: <c>/etc/hosts</c>, nsswitch (<c>native</c>).</summary>
    Native = 2,
}
