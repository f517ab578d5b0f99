namespace Sekisho.Config;

/// <summary>The machine-derived defaults for <c>myhostname</c> and <c>mydomain</c>, computed the Postfix way.</summary>
internal static class HostIdentity
{
    /// <summary>Fallback when the machine reports no usable host name.</summary>
    public const string FallbackHostName = "localhost.localdomain";

    private static readonly Lazy<string> MachineHostName = new(ReadMachineHostName);

    /// <summary>The machine's host name; <c>.localdomain</c> appended when it has no dot.</summary>
    public static string DefaultHostName => MachineHostName.Value;

    /// <summary>Completes a bare host name: <c>box</c> becomes <c>box.localdomain</c>.</summary>
    public static string Qualify(string hostName)
    {
        var trimmed = hostName.Trim().TrimEnd('.');
        if (trimmed.Length == 0)
        {
            return FallbackHostName;
        }
        return trimmed.Contains('.') ? trimmed : trimmed + ".localdomain";
    }

    /// <summary>The domain part of a host name: everything after the first label, or <c>localdomain</c>.</summary>
    public static string DomainOf(string hostName)
    {
        var dot = hostName.IndexOf('.');
        var domain = dot < 0 ? "" : hostName[(dot + 1)..].TrimEnd('.');
        return domain.Length == 0 ? "localdomain" : domain;
    }

    private static string ReadMachineHostName()
    {
        try
        {
            return Qualify(System.Net.Dns.GetHostName());
        }
        catch (System.Net.Sockets.SocketException)
        {
            return FallbackHostName;
        }
    }
}
