using Sekisho.Config;
using Sekisho.Policy.Restrictions;
using static Sekisho.Policy.Tests.Restrictions.PolicyHarness;

namespace Sekisho.Policy.Tests.Restrictions;

/// <summary>Each built-in restriction, alone or in small lists, with Postfix's replies.</summary>
public sealed class RestrictionTableTests
{
    private const string Base = """
        myhostname = mx.example.test
        mydestination = example.test, localhost
        relay_domains = backup.example.test
        mynetworks = 127.0.0.1/32
        """;

    /// <summary>A file written for Postfix 2.10 and later: the relay list is set, so the recipient list is free for other checks.</summary>
    private const string Modern = Base + "\nsmtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination";

    [Theory]
    // Default relay list: permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination.
    [InlineData("", "127.0.0.2", "<x@outside.example>", "454 4.7.1 <x@outside.example>: Relay access denied")]
    [InlineData("", "127.0.0.1", "<x@outside.example>", "permit")]
    [InlineData("", "127.0.0.2", "<x@backup.example.test>", "permit")]
    [InlineData("", "127.0.0.2", "<x%y@backup.example.test>", "454 4.7.1 <x%y@backup.example.test>: Relay access denied")]
    [InlineData("smtpd_recipient_restrictions = reject_unlisted_recipient", "127.0.0.2", "<nobody@example.test>", "550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown")]
    [InlineData("smtpd_recipient_restrictions = reject_unlisted_recipient", "127.0.0.2", "<alice@example.test>", "permit")]
    [InlineData("smtpd_recipient_restrictions = reject_non_fqdn_recipient", "127.0.0.1", "<x@outside>", "504 5.5.2 <x@outside>: Recipient address rejected: need fully-qualified address")]
    [InlineData("smtpd_recipient_restrictions = permit_auth_destination, reject", "127.0.0.2", "<alice@example.test>", "permit")]
    public async Task Restriction_lists(string extra, string client, string recipient, string expected)
    {
        var policy = Create(Modern + "\n" + extra);
        Assert.Equal(expected, Outcome(await DecideAsync(policy, client, recipient)));
    }

    [Fact]
    public async Task A_permit_ends_only_its_own_list()
    {
        // The relay list permits the trusted client; the recipient list still has its say.
        var policy = Create(Modern + "\nsmtpd_recipient_restrictions = permit_auth_destination, reject");
        var decision = await DecideAsync(policy, "127.0.0.1", "<x@outside.example>");
        Assert.Equal("554 5.7.1 Access denied", Outcome(decision));
        Assert.Equal("(smtpd_recipient_restrictions: reject)", decision.LogReason);
    }

    [Theory]
    [InlineData("smtpd_sender_restrictions = reject_non_fqdn_sender", "<x@localhost>", "client.example.org", "504 5.5.2 <x@localhost>: Sender address rejected: need fully-qualified address")]
    [InlineData("smtpd_sender_restrictions = reject_non_fqdn_sender", "<>", "client.example.org", "permit")]
    [InlineData("smtpd_helo_restrictions = reject_non_fqdn_helo_hostname", "<a@b.example>", "client", "504 5.5.2 <client>: Helo command rejected: need fully-qualified hostname")]
    [InlineData("smtpd_helo_restrictions = reject_non_fqdn_helo_hostname", "<a@b.example>", "[192.0.2.1]", "permit")]
    [InlineData("smtpd_helo_restrictions = reject_invalid_helo_hostname", "<a@b.example>", "bad_name!.example", "501 5.5.2 <bad_name!.example>: Helo command rejected: Invalid name")]
    [InlineData("smtpd_helo_restrictions = reject_invalid_helo_hostname", "<a@b.example>", "[999.1.1.1]", "501 5.5.2 <[999.1.1.1]>: Helo command rejected: Invalid name")]
    [InlineData("smtpd_helo_restrictions = reject_invalid_helo_hostname", "<a@b.example>", "good-name.example", "permit")]
    [InlineData("smtpd_client_restrictions = reject", "<a@b.example>", "client.example.org", "554 5.7.1 Access denied")]
    [InlineData("smtpd_client_restrictions = defer", "<a@b.example>", "client.example.org", "450 4.7.1 Try again later")]
    [InlineData("smtpd_client_restrictions = permit, reject", "<a@b.example>", "client.example.org", "permit")]
    [InlineData("smtpd_sender_restrictions = warn_if_reject reject_non_fqdn_sender", "<x@localhost>", "client.example.org", "permit")]
    public async Task Client_helo_and_sender_lists_apply_at_rcpt(string extra, string sender, string helo, string expected)
    {
        var policy = Create(Modern + "\n" + extra);
        var decision = await DecideAsync(policy, "127.0.0.2", "<alice@example.test>", sender, helo);
        Assert.Equal(expected, Outcome(decision));
    }

    [Fact]
    public async Task Warn_if_reject_logs_what_would_have_been_rejected()
    {
        var policy = Create(Base + "\nsmtpd_sender_restrictions = warn_if_reject reject_non_fqdn_sender");
        var decision = await DecideAsync(policy, "127.0.0.2", "<alice@example.test>", "<x@localhost>");
        Assert.Contains(decision.Trace, line => line.StartsWith("smtpd_sender_restrictions: warn_if_reject reject_non_fqdn_sender -> would reject: 504 5.5.2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reject_unauth_pipelining_rejects_a_client_that_talked_ahead()
    {
        var policy = Create(Base + "\nsmtpd_client_restrictions = reject_unauth_pipelining");
        Assert.Equal("554 5.5.0 Error: improper use of SMTP command pipelining",
            Outcome(await DecideAsync(policy, "127.0.0.2", "<alice@example.test>", improperPipelining: true)));
        Assert.Equal("permit", Outcome(await DecideAsync(policy, "127.0.0.2", "<alice@example.test>")));
    }

    [Theory]
    [InlineData("reject_unauth_pipelining", true, "554 5.5.0 Error: improper use of SMTP command pipelining")]
    [InlineData("reject_unauth_pipelining", false, "permit")]
    [InlineData("permit_mynetworks, reject", false, "554 5.7.1 Access denied")]
    [InlineData("reject_unauth_destination, defer", false, "450 4.7.1 Try again later")]
    [InlineData("", true, "permit")]
    public async Task Data_restrictions_decide_the_data_command_alone(string list, bool improperPipelining, string expected)
    {
        var policy = Create(Base + "\nsmtpd_data_restrictions = " + list);
        var decision = await policy.DecideDataAsync(new RestrictionContext
        {
            Client = new ClientContext(System.Net.IPAddress.Parse("127.0.0.2"), "unknown", "client.example"),
            Sender = Sender("<someone@elsewhere.example>"),
            ImproperPipelining = improperPipelining,
        }, CancellationToken.None);
        Assert.Equal(expected, Outcome(decision));
        Assert.Equal(expected == "permit" ? "" : "(smtpd_data_restrictions: " + list.Split(", ")[^1] + ")", decision.LogReason);
    }

    [Theory]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks", 5, "smtpd_relay_restrictions: no working relay control")]
    [InlineData("smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_mynetworks", 5, "smtpd_relay_restrictions: no working relay control")]
    [InlineData("smtpd_recipient_restrictions = permit_mynetworks", 5, "smtpd_recipient_restrictions: no working relay control")]
    [InlineData("smtpd_client_restrictions = reject_unknown_client_hostname", 5, "smtpd_client_restrictions: restriction \"reject_unknown_client_hostname\" is not supported yet")]
    public void Configurations_that_would_relay_for_anyone_or_that_cannot_be_enforced_do_not_start(string extra, int line, string problem)
    {
        var error = Assert.Throws<ConfigException>(() => Create(Base + "\n" + extra));
        Assert.StartsWith($"sekisho.conf:{line}: {problem}", error.Message, StringComparison.Ordinal);
    }
}
