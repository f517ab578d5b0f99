using Sekisho.Config;
using Sekisho.Config.Tables;
using Sekisho.Policy.Tables;
using Sekisho.Server.Smtp;

namespace Sekisho.Server.Hosting;

/// <summary>Builds the per-client connection limiter of an SMTP service from its settings.</summary>
internal static class ClientLimiterBuilder
{
    /// <summary>
    /// The per-client connection limiter of one SMTP service, or null when <c>smtpd_client_connection_count_limit</c>
    /// and <c>smtpd_client_connection_rate_limit</c> are both 0. Its exceptions
    /// (<c>smtpd_client_event_limit_exceptions</c>, default <c>$mynetworks</c>) take the same entries as mynetworks.
    /// </summary>
    /// <exception cref="ConfigException">A bad exception entry or an unreadable table.</exception>
    public static ClientConnectionLimiter? Build(SekishoSettings settings)
    {
        if (!settings.ClientLimits.Enabled)
        {
            return null;
        }
        var configuration = settings.Configuration;
        const string parameter = "smtpd_client_event_limit_exceptions";
        try
        {
            var exceptions = NetworkListTable.Parse(settings.ClientLimits.Exceptions, configuration.BaseDirectory);
            return new ClientConnectionLimiter(settings.ClientLimits, exceptions, TimeProvider.System);
        }
        catch (TableException exception)
        {
            throw new ConfigException(configuration.SourceName, configuration.LineOf(parameter), parameter + ": " + exception.Message);
        }
    }
}
