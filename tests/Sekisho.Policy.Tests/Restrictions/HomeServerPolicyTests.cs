using static Sekisho.Policy.Tests.Restrictions.PolicyHarness;

namespace Sekisho.Policy.Tests.Restrictions;

/// <summary>The classic Postfix home-server main.cf decides as its author meant.</summary>
public sealed class HomeServerPolicyTests
{
    private static readonly Sekisho.Policy.Restrictions.SmtpdPolicy Policy = Create(HomeServer);

    [Theory]
    // LAN and loopback relay anywhere; local mail is accepted from anyone.
    [InlineData("192.168.1.5", "<friend@outside.example>", "permit")]
    [InlineData("192.168.0.1", "<friend@outside.example>", "permit")]
    [InlineData("127.0.0.1", "<friend@outside.example>", "permit")]
    [InlineData("203.0.113.9", "<alice@example.com>", "permit")]
    [InlineData("203.0.113.9", "<alice@mail.example.com>", "permit")]
    [InlineData("203.0.113.9", "<ALICE@EXAMPLE.COM>", "permit")]
    [InlineData("203.0.113.9", "<postmaster>", "permit")]
    // Outsiders may not relay, whatever the trick.
    [InlineData("192.168.2.1", "<friend@outside.example>", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    [InlineData("203.0.113.9", "<friend@outside.example>", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    [InlineData("203.0.113.9", "<friend%outside.example@example.com>", "554 5.7.1 <friend%outside.example@example.com>: Relay access denied")]
    [InlineData("203.0.113.9", "<outside.example!friend@example.com>", "554 5.7.1 <outside.example!friend@example.com>: Relay access denied")]
    [InlineData("203.0.113.9", "<\"friend@outside.example\"@example.com>", "554 5.7.1 <\"friend@outside.example\"@example.com>: Relay access denied")]
    [InlineData("203.0.113.9", "<@example.com:friend@outside.example>", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    [InlineData("203.0.113.9", "<friend@[192.0.2.1]>", "554 5.7.1 <friend@[192.0.2.1]>: Relay access denied")]
    [InlineData("2001:db8::1", "<friend@outside.example>", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    [InlineData("::ffff:203.0.113.9", "<friend@outside.example>", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    public async Task Decides_like_postfix(string client, string recipient, string expected)
    {
        Assert.Equal(expected, Outcome(await DecideAsync(Policy, client, recipient)));
    }

    [Theory]
    [InlineData("<alice@example.com>")]
    [InlineData("<>")]
    [InlineData("<friend@outside.example>")]
    [InlineData("<postmaster@mail.example.com>")]
    public async Task A_forged_sender_gains_nothing(string sender)
    {
        var decision = await DecideAsync(Policy, "203.0.113.9", "<victim@outside.example>", sender);
        Assert.Equal("554 5.7.1 <victim@outside.example>: Relay access denied", Outcome(decision));
    }

    [Fact]
    public async Task An_authenticated_client_relays()
    {
        var decision = await DecideAsync(Policy, "203.0.113.9", "<friend@outside.example>", saslUser: "alice");
        Assert.Equal("permit", Outcome(decision));
        Assert.Contains(decision.Trace, line => line.Contains("permit_sasl_authenticated -> permit"));
    }

    [Fact]
    public async Task The_reject_names_the_list_and_rule_and_the_trace_shows_each_step()
    {
        var decision = await DecideAsync(Policy, "203.0.113.9", "<friend@outside.example>");
        Assert.Equal("(smtpd_recipient_restrictions: reject_unauth_destination)", decision.LogReason);
        Assert.Equal(
        [
            "smtpd_recipient_restrictions: permit_mynetworks -> no decision",
            "smtpd_recipient_restrictions: permit_sasl_authenticated -> no decision",
            "smtpd_recipient_restrictions: reject_unauth_destination -> reject: 554 5.7.1 <friend@outside.example>: Relay access denied",
        ], decision.Trace);
    }

    [Fact]
    public void A_pre_2_10_file_decides_relaying_in_the_recipient_list_and_the_configuration_warns()
    {
        Assert.Empty(Policy.Lists.Single(l => l.Parameter == "smtpd_relay_restrictions").Restrictions);
        var configuration = Sekisho.Config.Configuration.FromText(HomeServer, "sekisho.conf", System.IO.Path.GetTempPath());
        Sekisho.Config.SekishoSettings.FromConfiguration(configuration);
        Assert.Contains("sekisho.conf:9: smtpd_recipient_restrictions: smtpd_relay_restrictions is not set: relaying is decided by "
            + "smtpd_recipient_restrictions alone, as in Postfix before 2.10", configuration.Warnings);
    }
}
