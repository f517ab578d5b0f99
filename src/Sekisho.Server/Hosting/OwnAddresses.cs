using System.Net;
using System.Net.NetworkInformation;
using Sekisho.Config;

namespace Sekisho.Server.Hosting;

/// <summary>The addresses this server answers on, for deciding whether <c>user@[ip]</c> is local.</summary>
public static class OwnAddresses
{
    /// <summary>The listening addresses; a wildcard listener stands for every address of this host.</summary>
    /// <param name="settings">The settings.</param>
    public static IReadOnlyList<IPAddress> Of(SekishoSettings settings)
    {
        var listeners = settings.SmtpListen.Concat(settings.SubmissionListen).Concat(settings.SmtpsListen).Select(e => e.Address).ToList();
        if (!listeners.Any(a => a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any)))
        {
            return listeners;
        }
        var all = new List<IPAddress>(listeners);
        foreach (var network in NetworkInterface.GetAllNetworkInterfaces())
        {
            all.AddRange(network.GetIPProperties().UnicastAddresses.Select(u => u.Address));
        }
        return all;
    }
}
