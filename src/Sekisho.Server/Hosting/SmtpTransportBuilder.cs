using System.Net;
using Sekisho.Config;
using Sekisho.Delivery.Smtp;
using Sekisho.Policy.Tables;

namespace Sekisho.Server.Hosting;

/// <summary>Turns the outbound settings (relayhost, tables, TLS, AUTH, DNS, address families, limits, timeouts) into the <c>smtp</c> transport.</summary>
internal static class SmtpTransportBuilder
{
    /// <summary>The transport.</summary>
    /// <exception cref="ConfigException">A table cannot be opened.</exception>
    public static SmtpTransport Build(SekishoSettings settings)
    {
        var outbound = settings.Outbound;
        var options = new SmtpTransportOptions
        {
            HeloName = outbound.HeloName,
            RelayHost = outbound.RelayHost,
            DefaultPort = outbound.TcpPort,
            TransportMaps = Maps(settings, "transport_maps", outbound.TransportMaps),
            SenderDependentRelayhostMaps = Maps(settings, "sender_dependent_relayhost_maps", outbound.SenderDependentRelayhostMaps),
            DnsServers = [.. outbound.DnsServers.Select(EndPoint)],
            DnsTimeout = outbound.DnsTimeout,
            DisableDnsLookups = outbound.DisableDnsLookups,
            HostLookup = (outbound.HostLookup.Contains("dns") ? SmtpHostLookup.Dns : 0)
                | (outbound.HostLookup.Contains("native") ? SmtpHostLookup.Native : 0),
            UseIPv4 = outbound.UseIPv4,
            UseIPv6 = outbound.UseIPv6,
            AddressPreference = outbound.AddressPreference switch
            {
                "ipv4" => SmtpAddressPreference.IPv4,
                "ipv6" => SmtpAddressPreference.IPv6,
                _ => SmtpAddressPreference.Any,
            },
            MxAddressLimit = outbound.MxAddressLimit,
            MxSessionLimit = outbound.MxSessionLimit,
            Skip5xxGreeting = outbound.Skip5xxGreeting,
            ConnectionCacheTimeLimit = outbound.ConnectionCacheTimeLimit,
            ConnectionReuseTimeLimit = outbound.ConnectionReuseTimeLimit,
            DeferIfNoMxAddressFound = outbound.DeferIfNoMxAddressFound,
            TlsSecurityLevel = outbound.TlsSecurityLevel switch
            {
                "may" => SmtpTlsLevel.May,
                "encrypt" => SmtpTlsLevel.Encrypt,
                "verify" => SmtpTlsLevel.Verify,
                _ => SmtpTlsLevel.None,
            },
            SaslAuthEnable = outbound.SaslAuthEnable,
            SaslPasswordMaps = Maps(settings, "smtp_sasl_password_maps", outbound.SaslPasswordMaps),
            SaslSecurityOptions = Options(outbound.SaslSecurityOptions),
            SaslTlsSecurityOptions = Options(outbound.SaslTlsSecurityOptions),
            SaslMechanismFilter = outbound.SaslMechanismFilter,
            Timeouts = new SmtpTimeouts
            {
                Connect = outbound.ConnectTimeout,
                Helo = outbound.HeloTimeout,
                StartTls = outbound.StartTlsTimeout,
                Mail = outbound.MailTimeout,
                Rcpt = outbound.RcptTimeout,
                DataInit = outbound.DataInitTimeout,
                DataTransfer = outbound.DataXferTimeout,
                DataDone = outbound.DataDoneTimeout,
                Quit = outbound.QuitTimeout,
            },
        };
        return new SmtpTransport(options);
    }

    private static Func<string, string?>? Maps(SekishoSettings settings, string parameter, IReadOnlyList<string> specs)
    {
        if (specs.Count == 0)
        {
            return null;
        }
        var configuration = settings.Configuration;
        try
        {
            var options = AccessTableOptions.Default with { Values = TableValueMode.MatchList };
            return TableLookup.FirstOf([.. specs.Select(spec => TableLookup.KeyValue(AccessTableFactory.Open(spec, configuration.BaseDirectory, options)))]);
        }
        catch (TableException exception)
        {
            throw new ConfigException(configuration.SourceName, configuration.LineOf(parameter), $"{parameter}: {exception.Message}");
        }
    }

    private static SaslSecurityOptions Options(IReadOnlyList<string> words) =>
        (words.Contains("noplaintext") ? SaslSecurityOptions.NoPlaintext : SaslSecurityOptions.None)
        | (words.Contains("noanonymous") ? SaslSecurityOptions.NoAnonymous : SaslSecurityOptions.None);

    /// <summary><c>192.0.2.53</c>, <c>::1</c> or <c>[::1]</c> (port 53), or <c>127.0.0.1:5353</c> / <c>[::1]:5353</c>.</summary>
    private static IPEndPoint EndPoint(string text) =>
        IPAddress.TryParse(text.Trim('[', ']'), out var address) ? new IPEndPoint(address, 53) : IPEndPoint.Parse(text);
}
