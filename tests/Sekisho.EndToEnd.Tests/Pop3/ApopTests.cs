using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Sekisho.Accounts;
using Sekisho.Config;
using Sekisho.Delivery.Local;
using Sekisho.EndToEnd.Tests.Infrastructure;
using Sekisho.Protocol.Pop3;
using Sekisho.Server.Hosting;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// APOP (RFC 1939 7) with <c>pop3_enable_apop = yes</c>: the greeting's timestamp, Python poplib's <c>apop()</c> after
/// STLS and on POP3S, the same refusal, delay and throttle for a wrong digest and an unknown user, TLS first by default,
/// accounts without a usable secret until <c>sekisho user passwd</c>, and APOP off by default and pruned when turned off.
/// </summary>
public sealed partial class ApopTests
{
    private const string Enabled = "pop3_enable_apop = yes\nsmtpd_auth_failure_delay = 0";
    private const string Failed = "-ERR [AUTH] Authentication failed.";
    private static readonly CancellationToken None = CancellationToken.None;

    [GeneratedRegex(@"^\+OK Sekisho ready\. (<\d+\.\d+\.[0-9a-f]{16}@mx\.example\.test>)$")]
    private static partial Regex GreetingWithTimestamp();

    private static string TimestampOf(string greeting)
    {
        var match = GreetingWithTimestamp().Match(greeting);
        Assert.True(match.Success, $"no APOP timestamp in \"{greeting}\"");
        return match.Groups[1].Value;
    }

    private static string Apop(RawPop3Client client, string user, string password) =>
        $"APOP {user} {ApopDigest.Compute(TimestampOf(client.Greeting), password)}";

    private static SekishoSettings SettingsOf(TestServer server) => SekishoSettings.FromConfiguration(Configuration.Load(server.ConfigPath, server.Root));

    private static async Task<AccountCredentials> CredentialsAsync(TestServer server, string account)
    {
        await using var store = new SqliteAccountStore(SettingsOf(server).AccountDatabase);
        return (await store.GetCredentialsAsync(account, None))!;
    }

    [Fact]
    public async Task Poplib_apop_logs_in_after_stls_and_on_pop3s_retrieves_and_authorizes_pop_before_smtp()
    {
        await using var server = await TestServer.StartAsync(Enabled);
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Dotted);

        var report = await PythonPoplib.RunAsync(server.Pop3Port, ["--stls", "--apop", "alice", "secret"], "stat", "retr:1", "quit");

        Assert.Equal("ok", report.Text("result"));
        TimestampOf(report.Text("welcome"));
        Assert.StartsWith("TLSv1.", report.Text("tls"));
        Assert.Equal("+OK Logged in.", report.Text("login"));
        Assert.Equal(1, report.Result(0).GetProperty("count").GetInt32());
        Assert.Equal(delivered[0], report.Result(1).Content());
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=APOP, rip=127.0.0.2, lip=127.0.0.1, tls");
        Assert.Contains(server.LogLines, l => l.StartsWith("pop-before-smtp: pop-before-smtp: 127.0.0.2 may relay until ", StringComparison.Ordinal)
            && l.EndsWith(" (POP3 login of alice)", StringComparison.Ordinal));
        var keyId = ApopKey.LoadOrCreate(Path.Combine(server.DataDirectory, ApopKey.FileName)).Id;
        Assert.Contains(server.LogLines, l => l.StartsWith(
            $"pop3d: pop3_enable_apop = yes: APOP secrets are decrypted with {Path.Combine(server.DataDirectory, "apop.key")} (key {keyId}); ", StringComparison.Ordinal));
        Assert.DoesNotContain(server.LogLines, l => l.Contains("plain text", StringComparison.Ordinal) || l.Contains("APOP stays off", StringComparison.Ordinal));

        var pop3s = await PythonPoplib.RunAsync(server.Pop3sPort, ["--ssl", "--apop", "Bob@example.test", "secret"], "stat", "quit");
        Assert.Equal("ok", pop3s.Text("result"));
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<bob>, method=APOP, rip=127.0.0.2, lip=127.0.0.1, tls");
    }

    [Fact]
    public async Task Before_stls_apop_needs_tls_and_capa_does_not_change()
    {
        await using var server = await TestServer.StartAsync(Enabled);
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        TimestampOf(client.Greeting); // offered before STLS, to be used after it: there is no second greeting

        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "STLS", "IMPLEMENTATION Sekisho"],
            (await client.MultiLineAsync("CAPA")).Lines);
        Assert.Equal("-ERR [AUTH] Encryption required for requested authentication mechanism.", await client.CommandAsync(Apop(client, "alice", "secret")));
        await client.StlsAsync();
        Assert.Equal(["TOP", "UIDL", "RESP-CODES", "AUTH-RESP-CODE", "PIPELINING", "EXPIRE NEVER", "USER", "SASL PLAIN LOGIN SCRAM-SHA-256 SCRAM-SHA-1",
            "IMPLEMENTATION Sekisho"], (await client.MultiLineAsync("CAPA")).Lines);
        Assert.Equal("+OK Logged in.", await client.CommandAsync(Apop(client, "ALICE", "secret")));
        Assert.Equal("+OK 0 0", await client.CommandAsync("STAT"));
        Assert.Equal("-ERR Already logged in.", await client.CommandAsync(Apop(client, "alice", "secret")));
    }

    [Fact]
    public async Task A_wrong_digest_and_an_unknown_user_get_the_same_reply_after_the_same_delay_and_count_in_the_throttle()
    {
        await using var server = await TestServer.StartAsync(
            "pop3_enable_apop = yes\nsmtpd_auth_failure_delay = 1s\nsmtpd_auth_failure_limit = 2\nsmtpd_auth_penalty_time = 60s");
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await client.StlsAsync();

        foreach (var (user, password) in new[] { ("alice", "wrong"), ("nobody", "secret") })
        {
            var started = Stopwatch.StartNew();
            Assert.Equal(Failed, await client.CommandAsync(Apop(client, user, password)));
            Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(900), $"{user}: failure answered after {started.Elapsed}");
        }

        Assert.Equal("-ERR [SYS/TEMP] Too many authentication failures, try again later.", await client.CommandAsync(Apop(client, "alice", "secret")));
        Assert.True(await client.IsClosedByServerAsync());
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=APOP, user=<alice>)");
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=APOP, user=<nobody>)");
        Assert.DoesNotContain(server.LogLines, l => l.Contains("login: user=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_smtpd_tls_auth_only_off_poplib_uses_apop_without_tls()
    {
        await using var server = await TestServer.StartAsync(Enabled + "\nsmtpd_tls_auth_only = no");

        var report = await PythonPoplib.RunAsync(server.Pop3Port, ["--apop", "alice", "secret"], "stat", "quit");
        var wrong = await PythonPoplib.RunAsync(server.Pop3Port, ["--apop", "alice", "guess"]);
        var unknown = await PythonPoplib.RunAsync(server.Pop3Port, ["--apop", "nobody", "secret"]);

        Assert.Equal("ok", report.Text("result"));
        Assert.Equal("+OK Logged in.", report.Text("login"));
        Assert.Equal("login failed", wrong.Text("result"));
        Assert.Equal(Failed, wrong.Text("login"));
        Assert.Equal("login failed", unknown.Text("result"));
        Assert.Equal(Failed, unknown.Text("login"));
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=APOP, rip=127.0.0.2, lip=127.0.0.1");
    }

    [Fact]
    public async Task Security_options_that_exclude_what_apop_is_keep_it_off_with_a_warning()
    {
        await using var server = await TestServer.StartAsync(
            Enabled + "\nsmtpd_sasl_security_options = noanonymous, nodictionary\nsmtpd_sasl_tls_security_options = noanonymous, nodictionary");
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
        await client.StlsAsync();

        Assert.Equal("+OK Sekisho ready.", client.Greeting);
        Assert.Equal("-ERR APOP is not enabled.", await client.CommandAsync("APOP alice c4c9334bac560ecc979e58001b3e22fb"));
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: pop3_enable_apop = yes, but smtpd_sasl_security_options and smtpd_sasl_tls_security_options "
            + "exclude what APOP is", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Accounts_without_a_secret_or_with_another_nodes_fail_like_a_wrong_password_until_sekisho_user_passwd()
    {
        await using var server = await TestServer.StartAsync(Enabled);
        var otherKey = ApopKey.FromBytes(RandomNumberGenerator.GetBytes(ApopKey.Size));
        await using (var store = new SqliteAccountStore(SettingsOf(server).AccountDatabase))
        {
            // carol as `sekisho user add` made her before APOP was enabled; dave by a node with another apop.key.
            await store.AddAsync("carol", "carol-pw", false, CredentialOptions.Default, None);
            await store.AddAsync("dave", "dave-pw", false, new CredentialOptions { ApopKey = otherKey }, None);
        }
        MaildirWriter.EnsureCreated(server.MaildirOf("carol"));
        MaildirWriter.EnsureCreated(server.MaildirOf("dave"));
        var keyId = ApopKey.LoadOrCreate(Path.Combine(server.DataDirectory, ApopKey.FileName)).Id;

        foreach (var (user, password) in new[] { ("carol", "carol-pw"), ("dave", "dave-pw") })
        {
            var refused = await PythonPoplib.RunAsync(server.Pop3Port, ["--stls", "--apop", user, password]);
            Assert.Equal("login failed", refused.Text("result"));
            Assert.Equal(Failed, refused.Text("login"));
        }
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: APOP: carol has no APOP secret yet: `sekisho user passwd carol` stores one");
        Assert.Contains(server.LogLines, l => l == $"pop3d: unknown[127.0.0.2]: APOP: the APOP secret of dave cannot be decrypted with this server's apop.key "
            + $"(key {keyId}; the secret was made under key {otherKey.Id}): every node that shares the account database needs the same apop.key "
            + "(copy it), or set the password again with `sekisho user passwd dave`");
        Assert.Contains(server.LogLines, l => l == "pop3d: unknown[127.0.0.2]: authentication failed (method=APOP, user=<carol>)");

        foreach (var (user, password) in new[] { ("carol", "carol-pw"), ("dave", "dave-pw") })
        {
            var (exitCode, _, stderr) = await SekishoProcess.RunAsync(server.Root, password + "\n", "user", "passwd", user, "--password-stdin", "--config", server.ConfigPath);
            Assert.True(exitCode == 0, stderr);
            var report = await PythonPoplib.RunAsync(server.Pop3Port, ["--stls", "--apop", user, password], "stat", "quit");
            Assert.Equal("ok", report.Text("result"));
            Assert.Equal("+OK Logged in.", report.Text("login"));
            Assert.Equal(keyId, (await CredentialsAsync(server, user)).Apop!.KeyId);
        }
    }

    [Fact]
    public async Task Apop_is_off_by_default_and_stores_nothing()
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);

        Assert.Equal("+OK Sekisho ready.", client.Greeting);
        Assert.Equal("-ERR APOP is not enabled.", await client.CommandAsync("APOP alice c4c9334bac560ecc979e58001b3e22fb"));
        await client.StlsAsync();
        Assert.Equal("-ERR APOP is not enabled.", await client.CommandAsync("APOP alice c4c9334bac560ecc979e58001b3e22fb"));

        // No timestamp in the greeting, so poplib does not even try.
        var report = await PythonPoplib.RunAsync(server.Pop3Port, ["--stls", "--apop", "alice", "secret"]);
        Assert.Equal("login failed", report.Text("result"));
        Assert.Equal("-ERR APOP not supported by server", report.Text("login"));

        Assert.Null((await CredentialsAsync(server, "alice")).Apop);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, ApopKey.FileName)));
        Assert.DoesNotContain(server.LogLines, l => l.Contains("apop", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Turning_apop_off_removes_every_stored_secret_at_the_next_start()
    {
        await using var server = await TestServer.StartAsync(Enabled);
        Assert.NotNull((await CredentialsAsync(server, "alice")).Apop);
        Assert.NotNull((await CredentialsAsync(server, "bob")).Apop);
        await server.StopAsync();

        await File.AppendAllTextAsync(server.ConfigPath, "\npop3_enable_apop = no\n"); // the last value wins
        var settings = SettingsOf(server);
        Assert.False(settings.Pop.EnableApop);
        var log = new CollectingLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        await using var restarted = new SekishoServer(settings, loggers) { GracePeriod = TimeSpan.FromSeconds(1) };
        await restarted.StartAsync(None);
        try
        {
            Assert.Null((await CredentialsAsync(server, "alice")).Apop);
            Assert.Null((await CredentialsAsync(server, "bob")).Apop);
            Assert.NotNull((await CredentialsAsync(server, "alice")).ScramSha256);
            Assert.Contains(log.Lines, l => l.StartsWith("smtpd: removed 2 stored password-equivalent secrets", StringComparison.Ordinal));
            await using var client = await RawPop3Client.ConnectAsync(server.Pop3Port);
            Assert.Equal("+OK Sekisho ready.", client.Greeting);
        }
        finally
        {
            await restarted.StopAsync(None);
        }
    }
}
