using System.Text;
using Sekisho.Delivery.Smtp;
using Sekisho.Queue;

namespace Sekisho.Delivery.Tests.Smtp;

/// <summary>smtp_tls_security_level and AUTH to a relay host: credentials travel only inside TLS unless explicitly allowed.</summary>
public sealed class SmtpTlsAndAuthTests : IDisposable
{
    private static readonly byte[] Message = Encoding.ASCII.GetBytes("Subject: tls\r\n\r\nbody\r\n");
    private readonly FakeSmtpServer _server = new("127.0.0.5");
    private readonly SpoolHarness _spool = new();

    public void Dispose()
    {
        _server.Dispose();
        _spool.Dispose();
    }

    private string RelayHost => $"[127.0.0.5]:{_server.Port}";

    private SmtpTransportOptions Options(SmtpTlsLevel level) => new()
    {
        HeloName = "me.test",
        RelayHost = RelayHost,
        TlsSecurityLevel = level,
        Timeouts = new SmtpTimeouts { Connect = TimeSpan.FromSeconds(5), Helo = TimeSpan.FromSeconds(10), StartTls = TimeSpan.FromSeconds(10) },
    };

    private SmtpTransportOptions WithAuth(SmtpTransportOptions options, string key) => options with
    {
        SaslAuthEnable = true,
        SaslPasswordMaps = k => k == key ? "relayuser:s3cr:et" : null,
    };

    private async Task<RecipientResult> DeliverAsync(SmtpTransportOptions options) =>
        Assert.Single(await _spool.DeliverAsync(new SmtpTransport(options), Message, "alice@here.test", ["bob@example.test"]));

    [Fact]
    public async Task May_uses_STARTTLS_when_offered()
    {
        _server.OfferStartTls = true;
        var result = await DeliverAsync(Options(SmtpTlsLevel.May));
        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.True(Assert.Single(_server.Messages).Tls);
        Assert.Contains("STARTTLS", _server.Commands);
        Assert.Contains("(tls) EHLO me.test", _server.Commands);
    }

    [Fact]
    public async Task May_sends_in_plaintext_when_STARTTLS_is_not_offered()
    {
        var result = await DeliverAsync(Options(SmtpTlsLevel.May));
        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.False(Assert.Single(_server.Messages).Tls);
    }

    [Fact]
    public async Task May_reconnects_in_plaintext_when_STARTTLS_is_refused()
    {
        _server.OfferStartTls = true;
        _server.StartTlsReply = "454 4.7.0 TLS not available due to local problem";
        var result = await DeliverAsync(Options(SmtpTlsLevel.May));
        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.Equal(2, _server.Connections);
        Assert.False(Assert.Single(_server.Messages).Tls);
    }

    [Fact]
    public async Task Encrypt_defers_when_STARTTLS_is_refused()
    {
        _server.OfferStartTls = true;
        _server.StartTlsReply = "454 4.7.0 TLS not available due to local problem";
        var result = await DeliverAsync(Options(SmtpTlsLevel.Encrypt));
        Assert.Equal(RecipientResult.Deferred($"127.0.0.5[127.0.0.5]:{_server.Port}",
            "host 127.0.0.5[127.0.0.5] refused to start TLS: 454 4.7.0 TLS not available due to local problem"), result);
        Assert.Equal(1, _server.Connections);
    }

    [Fact]
    public async Task None_never_sends_STARTTLS()
    {
        _server.OfferStartTls = true;
        Assert.Equal(RecipientStatus.Sent, (await DeliverAsync(Options(SmtpTlsLevel.None))).Status);
        Assert.DoesNotContain("STARTTLS", _server.Commands);
    }

    [Fact]
    public async Task Encrypt_defers_when_the_server_does_not_offer_STARTTLS()
    {
        var result = await DeliverAsync(Options(SmtpTlsLevel.Encrypt));
        Assert.Equal(RecipientResult.Deferred($"127.0.0.5[127.0.0.5]:{_server.Port}", "TLS is required, but was not offered by host 127.0.0.5[127.0.0.5]"), result);
        Assert.Empty(_server.Messages);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("MAIL", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Encrypt_accepts_a_certificate_it_cannot_verify()
    {
        _server.OfferStartTls = true;
        Assert.Equal(RecipientStatus.Sent, (await DeliverAsync(Options(SmtpTlsLevel.Encrypt))).Status);
        Assert.True(Assert.Single(_server.Messages).Tls);
    }

    [Fact]
    public async Task Verify_defers_when_the_certificate_is_not_trusted()
    {
        _server.OfferStartTls = true;
        var result = await DeliverAsync(Options(SmtpTlsLevel.Verify));
        Assert.Equal(RecipientStatus.Pending, result.Status);
        Assert.StartsWith("Server certificate not verified", result.Detail);
        Assert.Empty(_server.Messages);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Credentials_go_to_the_relay_inside_TLS(string mechanism)
    {
        _server.OfferStartTls = true;
        _server.AuthMechanisms = [mechanism];
        _server.Credentials = ("relayuser", "s3cr:et");
        var result = await DeliverAsync(WithAuth(Options(SmtpTlsLevel.Encrypt), RelayHost));
        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.Contains(_server.Commands, c => c.StartsWith("(tls) AUTH " + mechanism, StringComparison.Ordinal));
        Assert.Contains("(credentials relayuser:s3cr:et)", _server.Commands);
        Assert.DoesNotContain(_server.Commands, c => c.StartsWith("AUTH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credentials_are_not_sent_without_TLS_and_the_mail_is_deferred()
    {
        _server.AuthMechanisms = ["PLAIN", "LOGIN"];
        _server.Credentials = ("relayuser", "s3cr:et");
        var result = await DeliverAsync(WithAuth(Options(SmtpTlsLevel.May), RelayHost));
        Assert.Equal(RecipientStatus.Pending, result.Status);
        Assert.Equal("SASL authentication failed; cannot authenticate to server 127.0.0.5[127.0.0.5]: no mechanism available", result.Detail);
        Assert.DoesNotContain(_server.Commands, c => c.Contains("AUTH", StringComparison.Ordinal) || c.StartsWith("(credentials", StringComparison.Ordinal));
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task Plaintext_AUTH_without_TLS_only_when_the_security_options_allow_it()
    {
        _server.AuthMechanisms = ["PLAIN"];
        _server.Credentials = ("relayuser", "s3cr:et");
        var options = WithAuth(Options(SmtpTlsLevel.None), RelayHost) with { SaslSecurityOptions = SaslSecurityOptions.NoAnonymous };
        Assert.Equal(RecipientStatus.Sent, (await DeliverAsync(options)).Status);
        Assert.Contains("(credentials relayuser:s3cr:et)", _server.Commands);
    }

    [Fact]
    public async Task Credentials_are_looked_up_by_bare_host_after_the_bracketed_key()
    {
        _server.OfferStartTls = true;
        _server.AuthMechanisms = ["PLAIN"];
        _server.Credentials = ("relayuser", "s3cr:et");
        var keys = new List<string>();
        var options = Options(SmtpTlsLevel.Encrypt) with
        {
            SaslAuthEnable = true,
            SaslPasswordMaps = key =>
            {
                keys.Add(key);
                return key == "127.0.0.5" ? "relayuser:s3cr:et" : null;
            },
        };
        Assert.Equal(RecipientStatus.Sent, (await DeliverAsync(options)).Status);
        Assert.Equal([RelayHost, "127.0.0.5"], keys);
    }

    [Fact]
    public async Task A_refused_login_defers()
    {
        _server.OfferStartTls = true;
        _server.AuthMechanisms = ["PLAIN"];
        _server.Credentials = ("relayuser", "other");
        var result = await DeliverAsync(WithAuth(Options(SmtpTlsLevel.Encrypt), RelayHost));
        Assert.Equal(RecipientStatus.Pending, result.Status);
        Assert.StartsWith("SASL authentication failed; server 127.0.0.5[127.0.0.5] said: ", result.Detail);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task Without_credentials_for_the_relay_no_AUTH_is_sent()
    {
        _server.OfferStartTls = true;
        _server.AuthMechanisms = ["PLAIN"];
        var result = await DeliverAsync(WithAuth(Options(SmtpTlsLevel.Encrypt), "[other.example]:587"));
        Assert.Equal(RecipientStatus.Sent, result.Status);
        Assert.DoesNotContain(_server.Commands, c => c.Contains("AUTH", StringComparison.Ordinal));
    }
}
