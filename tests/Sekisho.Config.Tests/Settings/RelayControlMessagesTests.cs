using Sekisho.Config;

namespace Sekisho.Config.Tests.Settings;

/// <summary>Lines written for older setups get a message naming what to write instead.</summary>
public sealed class RelayControlMessagesTests
{
    [Theory]
    [InlineData("smtpd_recipient_restrictions = permit_mynetworks, check_relay_domains",
        "sekisho.conf:1: smtpd_recipient_restrictions: check_relay_domains is obsolete (removed in Postfix 2.2): write permit_auth_destination, reject_unauth_destination instead")]
    [InlineData("smtpd_recipient_restrictions = permit_mynetworks, check_client_access btree:/etc/dracd/dracd, reject_unauth_destination",
        "sekisho.conf:1: smtpd_recipient_restrictions: check_client_access btree:/etc/dracd/dracd is DRAC's POP-before-SMTP database: Sekisho has POP-before-SMTP built in, write permit_pop_before_smtp instead")]
    public void Obsolete_relay_lines_name_their_replacement(string line, string message)
    {
        var error = Assert.Throws<ConfigException>(() => SekishoSettings.FromConfiguration(Configuration.FromText(line, "sekisho.conf", Path.GetTempPath())));
        Assert.Equal(message, error.Message);
    }
}
