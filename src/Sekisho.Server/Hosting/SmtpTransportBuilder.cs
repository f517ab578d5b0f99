using System.Net;
using Sekisho.Config;
using Sekisho.Delivery.Smtp;
using Sekisho.Policy.Tables;

namespace Sekisho.Server.Hosting;

/// <summary>Turns the outbound settings (relayhost, tables, TLS, AUTH, DNS) into the <c>smtp</c> transport.</summary>
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
            Timeouts = new SmtpTimeouts { Connect = outbound.ConnectTimeout },
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
