namespace Sekisho.Config.Tests.Settings;

/// <summary>Each kind of bad value stops loading with <c>FILE:LINE: parameter: what is wrong</c>.</summary>
public sealed class ValidationErrorTests
{
    [Theory]
    // CIDR lists
    [InlineData("mynetworks = 192.168.0.0/33", "sekisho.conf:1: mynetworks: bad CIDR \"192.168.0.0/33\"")]
    [InlineData("# c\nmynetworks = 127.0.0.0/8,\n  192.168.0/24", "sekisho.conf:2: mynetworks: bad CIDR \"192.168.0/24\"")]
    [InlineData("mynetworks = 10.0.0.0/-1", "sekisho.conf:1: mynetworks: bad CIDR \"10.0.0.0/-1\"")]
    [InlineData("mynetworks = [::1]/129", "sekisho.conf:1: mynetworks: bad CIDR \"[::1]/129\"")]
    [InlineData("mynetworks = localhost", "sekisho.conf:1: mynetworks: bad CIDR \"localhost\"")]
    // Restrictions
    [InlineData("x = 1\nsmtpd_recipient_restrictions = permit_mynetworks, foo", "sekisho.conf:2: smtpd_recipient_restrictions: unknown restriction \"foo\"")]
    [InlineData("smtpd_helo_restrictions = reject_invalid_hostname", "sekisho.conf:1: smtpd_helo_restrictions: restriction \"reject_invalid_hostname\" is not supported yet")]
    [InlineData("smtpd_recipient_restrictions = check_policy_service unix:private/policy", "sekisho.conf:1: smtpd_recipient_restrictions: restriction \"check_policy_service\" is not supported yet")]
    [InlineData("smtpd_client_restrictions = check_client_access", "sekisho.conf:1: smtpd_client_restrictions: check_client_access needs a table argument such as hash:/etc/sekisho/access")]
    [InlineData("smtpd_sender_restrictions = check_sender_access, permit", "sekisho.conf:1: smtpd_sender_restrictions: check_sender_access needs a table argument such as hash:/etc/sekisho/access")]
    [InlineData("smtpd_client_restrictions = permit_mynetworks reject_rbl_client", "sekisho.conf:1: smtpd_client_restrictions: reject_rbl_client needs a DNS list domain argument such as zen.spamhaus.org")]
    [InlineData("smtpd_relay_restrictions = Permit", "sekisho.conf:1: smtpd_relay_restrictions: unknown restriction \"Permit\"")]
    // Listeners
    [InlineData("smtp_listen = 127.0.0.1:70000", "sekisho.conf:1: smtp_listen: port out of range in \"127.0.0.1:70000\"")]
    [InlineData("pop3_listen = 127.0.0.1:0", "sekisho.conf:1: pop3_listen: port out of range in \"127.0.0.1:0\"")]
    [InlineData("submission_listen = [::1]:99999", "sekisho.conf:1: submission_listen: port out of range in \"[::1]:99999\"")]
    [InlineData("smtps_listen = 127.0.0.1:", "sekisho.conf:1: smtps_listen: missing port in \"127.0.0.1:\"")]
    [InlineData("smtps_listen = 127.0.0.1", "sekisho.conf:1: smtps_listen: missing port in \"127.0.0.1\"")]
    [InlineData("smtps_listen = 127.0.0.1:smtp", "sekisho.conf:1: smtps_listen: bad port in \"127.0.0.1:smtp\"")]
    [InlineData("smtp_listen = ::1:25", "sekisho.conf:1: smtp_listen: bad listen address \"::1:25\" (write IPv6 addresses as [address]:port)")]
    [InlineData("smtp_listen = [::1]25", "sekisho.conf:1: smtp_listen: bad listen address \"[::1]25\" (expected [IPv6]:port)")]
    [InlineData("smtp_listen = [1.2.3.4]:25", "sekisho.conf:1: smtp_listen: bad IPv6 address in \"[1.2.3.4]:25\"")]
    [InlineData("smtp_listen = mail.example.com:25", "sekisho.conf:1: smtp_listen: \"mail.example.com\" in \"mail.example.com:25\" is not an IP address (host names are not supported)")]
    [InlineData("smtp_listen = 127.0.0.1:25\nsubmission_listen = 127.0.0.1:25", "sekisho.conf:2: submission_listen: 127.0.0.1:25 is already used by smtp_listen")]
    [InlineData("inet_interfaces = eth0", "sekisho.conf:1: inet_interfaces: \"eth0\" is not an IP address (use all, loopback-only, localhost or addresses)")]
    [InlineData("inet_protocols = ipv5", "sekisho.conf:1: inet_protocols: unknown protocol \"ipv5\" (use all, ipv4 or ipv6)")]
    // Numbers, sizes, times, booleans, enumerations
    [InlineData("smtpd_recipient_limit = lots", "sekisho.conf:1: smtpd_recipient_limit: bad integer \"lots\"")]
    [InlineData("\n\nmessage_size_limit = 10M", "sekisho.conf:3: message_size_limit: bad integer \"10M\"")]
    [InlineData("message_size_limit = -1", "sekisho.conf:1: message_size_limit: bad integer \"-1\" (must not be negative)")]
    [InlineData("smtpd_hard_error_limit = 1.5", "sekisho.conf:1: smtpd_hard_error_limit: bad integer \"1.5\"")]
    [InlineData("smtpd_soft_error_limit =", "sekisho.conf:1: smtpd_soft_error_limit: empty value")]
    [InlineData("line_length_limit = 99999999999", "sekisho.conf:1: line_length_limit: bad integer \"99999999999\" (too large)")]
    [InlineData("default_process_limit = 0", "sekisho.conf:1: default_process_limit: bad integer \"0\" (must be at least 1)")]
    [InlineData("smtpd_timeout = 5x", "sekisho.conf:1: smtpd_timeout: bad time \"5x\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtpd_timeout = m", "sekisho.conf:1: smtpd_timeout: bad time \"m\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtpd_timeout = -5s", "sekisho.conf:1: smtpd_timeout: bad time \"-5s\" (use a number with unit s, m, h, d or w)")]
    [InlineData("smtpd_timeout = 0", "sekisho.conf:1: smtpd_timeout: bad time \"0\" (must be at least 1s)")]
    [InlineData("smtpd_delay_reject = maybe", "sekisho.conf:1: smtpd_delay_reject: bad boolean \"maybe\" (use yes or no)")]
    [InlineData("smtpd_forbid_bare_newline = sometimes", "sekisho.conf:1: smtpd_forbid_bare_newline: bad value \"sometimes\" (use normalize, reject, yes or no)")]
    // Names and paths
    [InlineData("myhostname = bad..name", "sekisho.conf:1: myhostname: bad host name \"bad..name\"")]
    [InlineData("myhostname = mail.example.com\nmydomain = exa mple", "sekisho.conf:2: mydomain: bad host name \"exa mple\"")]
    [InlineData("myhostname =", "sekisho.conf:1: myhostname: empty value")]
    [InlineData("data_directory =", "sekisho.conf:1: data_directory: empty value")]
    [InlineData("mydestination = $myhostname, !/etc/postfix/dest", "sekisho.conf:1: mydestination: \"!/etc/postfix/dest\": a whole file cannot be negated; put ! before each domain in it")]
    [InlineData("relay_domains = user@example.com", "sekisho.conf:1: relay_domains: \"user@example.com\" is not a domain")]
    [InlineData("relay_domains = !", "sekisho.conf:1: relay_domains: \"!\" is not a domain")]
    [InlineData("alias_maps = hash:", "sekisho.conf:1: alias_maps: missing file name in \"hash:\"")]
    public void Bad_values_are_errors(string text, string message)
    {
        Assert.Equal(message, Conf.ErrorOf(text));
    }

    [Theory]
    [InlineData("smtpd_tls_cert_file = /nonexistent/cert.pem", "smtpd_tls_cert_file: missing file \"/nonexistent/cert.pem\"")]
    [InlineData("mail_name = x\nsmtpd_tls_key_file = /nonexistent/key.pem", "smtpd_tls_key_file: missing file \"/nonexistent/key.pem\"")]
    [InlineData("myorigin = /nonexistent/mailname", "myorigin: missing file \"/nonexistent/mailname\"")]
    [InlineData("relay_domains = /nonexistent/relay_domains", "relay_domains: missing file \"/nonexistent/relay_domains\"")]
    public void Missing_files_are_errors(string text, string problem)
    {
        var error = Assert.Throws<ConfigException>(() => Conf.Settings(text));
        Assert.Equal(problem, error.Problem);
        Assert.Equal(text.Split('\n').Length, error.Line);
        Assert.Equal($"sekisho.conf:{error.Line}: {problem}", error.Message);
    }

    [Fact]
    public void Problems_in_derived_listener_defaults_blame_inet_interfaces()
    {
        var error = Assert.Throws<ConfigException>(() => Conf.Settings("inet_interfaces = 127.0.0.1", "smtp_listen = 127.0.0.1:587"));
        Assert.Equal("sekisho.conf:2: smtp_listen: 127.0.0.1:587 is also used by submission_listen (its default comes from inet_interfaces)", error.Message);
    }

    [Theory]
    [InlineData("fred.conf", 3, "oops", "fred.conf:3: oops")]
    [InlineData("fred.conf", 0, "oops", "fred.conf: oops")]
    public void Exception_message_format(string file, int line, string problem, string message)
    {
        var error = new ConfigException(file, line, problem);
        Assert.Equal(message, error.Message);
        Assert.Equal((file, line, problem), (error.FileName, error.Line, error.Problem));
    }
}
