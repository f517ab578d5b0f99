namespace Sekisho.Config.Tests.Settings;

/// <summary>Restriction lists are validated and kept as tokens, arguments right after their restriction.</summary>
public sealed class RestrictionTests
{
    [Theory]
    [InlineData("smtpd_client_restrictions", "permit_mynetworks, reject_rbl_client zen.spamhaus.org, permit",
        new[] { "permit_mynetworks", "reject_rbl_client", "zen.spamhaus.org", "permit" })]
    [InlineData("smtpd_helo_restrictions", "reject_invalid_helo_hostname reject_non_fqdn_helo_hostname reject_unknown_helo_hostname",
        new[] { "reject_invalid_helo_hostname", "reject_non_fqdn_helo_hostname", "reject_unknown_helo_hostname" })]
    [InlineData("smtpd_sender_restrictions", "check_sender_access hash:/etc/sekisho/senders,reject_non_fqdn_sender,reject_unknown_sender_domain",
        new[] { "check_sender_access", "hash:/etc/sekisho/senders", "reject_non_fqdn_sender", "reject_unknown_sender_domain" })]
    [InlineData("smtpd_recipient_restrictions", "reject_unauth_pipelining, check_recipient_access texthash:rcpt, check_client_access cidr:/x, check_helo_access hash:/h, defer_if_permit",
        new[] { "reject_unauth_pipelining", "check_recipient_access", "texthash:rcpt", "check_client_access", "cidr:/x", "check_helo_access", "hash:/h", "defer_if_permit" })]
    [InlineData("smtpd_relay_restrictions", "permit_mynetworks\n  permit_sasl_authenticated\n  reject_unauth_destination",
        new[] { "permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination" })]
    [InlineData("smtpd_recipient_restrictions", "", new string[0])]
    public void Lists_are_tokens(string name, string value, string[] expected)
    {
        var settings = Conf.Settings($"{name} = {value}");
        var actual = name switch
        {
            "smtpd_client_restrictions" => settings.SmtpdClientRestrictions,
            "smtpd_helo_restrictions" => settings.SmtpdHeloRestrictions,
            "smtpd_sender_restrictions" => settings.SmtpdSenderRestrictions,
            "smtpd_relay_restrictions" => settings.SmtpdRelayRestrictions,
            _ => settings.SmtpdRecipientRestrictions,
        };
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("permit")] [InlineData("reject")] [InlineData("defer")] [InlineData("defer_if_permit")]
    [InlineData("defer_if_reject")] [InlineData("warn_if_reject")] [InlineData("permit_mynetworks")]
    [InlineData("permit_sasl_authenticated")] [InlineData("permit_pop_before_smtp")] [InlineData("permit_auth_destination")]
    [InlineData("reject_unauth_destination")] [InlineData("defer_unauth_destination")] [InlineData("reject_unlisted_recipient")]
    [InlineData("reject_unlisted_sender")] [InlineData("reject_unknown_recipient_domain")] [InlineData("reject_unknown_sender_domain")]
    [InlineData("reject_non_fqdn_sender")] [InlineData("reject_non_fqdn_recipient")] [InlineData("reject_non_fqdn_helo_hostname")]
    [InlineData("reject_invalid_helo_hostname")] [InlineData("reject_unknown_helo_hostname")] [InlineData("reject_unauth_pipelining")]
    [InlineData("reject_unknown_client_hostname")] [InlineData("reject_unknown_reverse_client_hostname")]
    public void Every_known_simple_restriction_is_accepted(string restriction)
    {
        Assert.Equal([restriction], Conf.Settings($"smtpd_recipient_restrictions = {restriction}").SmtpdRecipientRestrictions);
    }

    [Theory]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks, permit", true)]
    [InlineData("smtpd_relay_restrictions =", true)]
    [InlineData("smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = reject_unauth_destination", false)]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks, reject", false)]
    [InlineData("", false)]
    public void Open_relay_lists_warn(string text, bool warns)
    {
        var warnings = Conf.Settings(text).Warnings;
        Assert.Equal(warns, warnings.Any(w => w.Contains("open relay", StringComparison.Ordinal)));
    }
}
