using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary>
/// <c>sekisho config</c> as a process, like <c>postconf</c>: a home server's Postfix main.cf loads, <c>-n</c> and
/// <c>-x</c> print what an admin expects, and every bad value stops every command with exit 78 and FILE:LINE.
/// </summary>
public sealed class ConfigCommandTests
{
    private const int ConfigError = 78;

    private static readonly string HomeServerMainCf = Sekisho.TestData.ClassicSetups.HomeServer;

    [Fact]
    public async Task A_home_server_main_cf_loads_and_config_n_prints_what_it_sets()
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", HomeServerMainCf);

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "config", "-n", "--config", "main.cf");

        Assert.Equal(0, exitCode);
        Assert.Equal("""
            broken_sasl_auth_clients = no
            mydestination = $myhostname, localhost.$mydomain, $mydomain
            mydomain = example.com
            myhostname = mail.example.com
            mynetworks = 192.168.0.0/23, 127.0.0.0/8
            myorigin = $mydomain
            relay_domains = $mydestination
            smtpd_recipient_restrictions = permit_mynetworks,permit_sasl_authenticated,reject_unauth_destination
            smtpd_sasl_auth_enable = yes
            smtpd_sasl_security_options = noanonymous

            """, stdout);
        Assert.Equal("""
            sekisho: warning: main.cf:9: smtpd_recipient_restrictions: smtpd_relay_restrictions is not set: relaying is decided by smtpd_recipient_restrictions alone, as in Postfix before 2.10

            """, stderr);
        Assert.Equal(["main.cf"], Directory.EnumerateFileSystemEntries(dir.Path).Select(entry => Path.GetFileName(entry))); // printing creates nothing
    }

    [Theory]
    [InlineData("-x", """
        mydestination = mail.example.com, localhost.example.com, example.com
        relay_domains = mail.example.com, localhost.example.com, example.com
        myorigin = example.com
        mynetworks = 192.168.0.0/23, 127.0.0.0/8
        smtpd_banner = mail.example.com ESMTP Sekisho
        """)]
    [InlineData("", """
        mydestination = $myhostname, localhost.$mydomain, $mydomain
        relay_domains = $mydestination
        myorigin = $mydomain
        mynetworks = 192.168.0.0/23, 127.0.0.0/8
        smtpd_banner = $myhostname ESMTP $mail_name
        """)]
    public async Task Config_prints_named_parameters_in_the_order_asked_raw_or_expanded(string option, string expected)
    {
        using var dir = new TempDirectory();
        dir.Write("main.cf", HomeServerMainCf);
        string[] names = ["mydestination", "relay_domains", "myorigin", "mynetworks", "smtpd_banner"];

        var (exitCode, stdout, _) = await SekishoProcess.RunAsync(dir.Path, null,
            ["config", "--config", "main.cf", .. option.Length == 0 ? names : [option, .. names]]);

        Assert.Equal(0, exitCode);
        Assert.Equal(expected + "\n", stdout);
    }

    [Fact]
    public async Task Without_a_file_the_embedded_default_applies()
    {
        using var dir = new TempDirectory();

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "config", "data_directory", "smtp_listen", "mynetworks");

        Assert.Equal(0, exitCode);
        Assert.Equal("data_directory = sekisho-data\nsmtp_listen = 127.0.0.1:2525\nmynetworks = 127.0.0.0/8 [::1]/128\n", stdout);
        Assert.Equal("", stderr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task A_sekisho_conf_in_the_working_directory_is_picked_up()
    {
        using var dir = new TempDirectory();
        dir.Write("sekisho.conf", "myhostname = cwd.example.test\ndata_directory = from-cwd\nsmtp_listen = 127.0.0.1:10025\n");

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "config", "-x", "data_directory", "smtp_listen", "smtpd_banner");

        Assert.Equal(0, exitCode);
        Assert.Equal("data_directory = from-cwd\nsmtp_listen = 127.0.0.1:10025\nsmtpd_banner = cwd.example.test ESMTP Sekisho\n", stdout);
        Assert.Equal("", stderr);
    }

    [Theory]
    [InlineData("mynetworks = 127.0.0.0/8, 192.168.0.0/33", "sekisho.conf:5: mynetworks: bad CIDR \"192.168.0.0/33\"")]
    [InlineData("mynetworks = 127.0.0.0/8,\n    192.168.0/24", "sekisho.conf:5: mynetworks: bad CIDR \"192.168.0/24\"")]
    [InlineData("smtpd_recipient_restrictions = permit_mynetworks, reject_unauth_destinaton", "sekisho.conf:5: smtpd_recipient_restrictions: unknown restriction \"reject_unauth_destinaton\"")]
    [InlineData("smtp_listen = 127.0.0.1:65536", "sekisho.conf:5: smtp_listen: port out of range in \"127.0.0.1:65536\"")]
    [InlineData("smtpd_tls_cert_file = /nonexistent.pem", "sekisho.conf:5: smtpd_tls_cert_file: missing file \"/nonexistent.pem\"")]
    [InlineData("smtpd_timeout = 5 minutes", "sekisho.conf:5: smtpd_timeout: bad time \"5 minutes\" (use a number with unit s, m, h, d or w)")]
    public async Task A_bad_value_is_fatal_with_file_and_line(string badLine, string message)
    {
        using var dir = new TempDirectory();
        dir.Write("sekisho.conf", $"# A test configuration\nmyhostname = mx.example.test\n\ndata_directory = data\n{badLine}\nsmtpd_banner = $myhostname ESMTP\n");

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "config", "-n");

        Assert.Equal(ConfigError, exitCode);
        Assert.Equal("sekisho: fatal: " + message + "\n", stderr);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("config")]
    [InlineData("user", "list")]
    [InlineData("newaliases")]
    [InlineData("serve")]
    public async Task A_missing_config_file_is_fatal_for_every_command(params string[] command)
    {
        using var dir = new TempDirectory();

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, [.. command, "--config", "missing.conf"]);

        Assert.Equal(ConfigError, exitCode);
        Assert.Equal("sekisho: fatal: missing.conf: cannot open: no such file\n", stderr);
        Assert.Equal("", stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task Serve_with_a_bad_file_exits_78_and_never_listens()
    {
        using var dir = new TempDirectory();
        var port = FreePort.Next();
        dir.Write("bad.cf", $"data_directory = data\nsmtp_listen = 127.0.0.1:{port}\nsubmission_listen =\npop3_listen =\nmynetworks = 10.0.0.0/8 localhost\n");

        var (exitCode, stdout, stderr) = await SekishoProcess.RunAsync(dir.Path, null, "serve", "--config", "bad.cf");

        Assert.Equal(ConfigError, exitCode);
        Assert.Equal("sekisho: fatal: bad.cf:5: mynetworks: bad CIDR \"localhost\"\n", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(dir["data"]), "serve created its data directory before the configuration was valid");
    }
}
