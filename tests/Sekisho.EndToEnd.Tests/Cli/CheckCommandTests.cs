using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Cli;

/// <summary><c>sekisho check</c> decides like the server would, for the classic home-server main.cf, and says why.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private static readonly string HomeServer = Sekisho.TestData.ClassicSetups.HomeServer + """
        data_directory = data
        alias_maps = hash:data/aliases
        alias_database = $alias_maps
        """;

    private readonly string _root = Path.Combine(Path.GetTempPath(), "sekisho-check-" + Guid.NewGuid().ToString("N")[..10]);

    public CheckCommandTests()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "sekisho.conf"), HomeServer);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("192.168.1.20", "friend@outside.example", null, 0, "result: accept: 250 2.1.5 Ok")]
    [InlineData("127.0.0.1", "friend@outside.example", null, 0, "result: accept: 250 2.1.5 Ok")]
    [InlineData("203.0.113.9", "friend@outside.example", null, 1, "result: reject: 554 5.7.1 <friend@outside.example>: Relay access denied (smtpd_recipient_restrictions: reject_unauth_destination)")]
    [InlineData("192.168.2.1", "friend@outside.example", null, 1, "result: reject: 554 5.7.1 <friend@outside.example>: Relay access denied (smtpd_recipient_restrictions: reject_unauth_destination)")]
    [InlineData("203.0.113.9", "friend%outside.example@example.com", null, 1, "result: reject: 554 5.7.1 <friend%outside.example@example.com>: Relay access denied (smtpd_recipient_restrictions: reject_unauth_destination)")]
    [InlineData("203.0.113.9", "friend@outside.example", "alice", 0, "result: accept: 250 2.1.5 Ok")]
    [InlineData("203.0.113.9", "postmaster@example.com", null, 0, "result: accept: 250 2.1.5 Ok")]
    [InlineData("203.0.113.9", "nobody@example.com", null, 1, "result: reject: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown (local recipient table: unknown user)")]
    public async Task Decides_the_example_main_cf_and_exits_with_the_verdict(string client, string recipient, string? saslUser, int exit, string result)
    {
        string[] args = ["check", "--client", client, "--sender", "someone@elsewhere.example", "--recipient", recipient];
        if (saslUser is not null)
        {
            args = [.. args, "--sasl-user", saslUser];
        }
        var (code, stdout, stderr) = await SekishoProcess.RunAsync(_root, null, args);
        Assert.True(exit == code, stdout + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(result, lines[^1]);
        Assert.StartsWith($"client=unknown[{client}]", lines[0]);
    }

    [Fact]
    public async Task The_trace_shows_each_restriction_and_the_pre_2_10_warning()
    {
        var (code, stdout, stderr) = await SekishoProcess.RunAsync(_root, null,
            "check", "--client", "192.168.1.20", "--sender", "a@elsewhere.example", "--recipient", "friend@outside.example");
        Assert.Equal(0, code);
        Assert.Contains("  smtpd_recipient_restrictions: permit_mynetworks -> permit [mynetworks: 192.168.0.0/23]", stdout);
        Assert.Contains("sekisho.conf:9: smtpd_recipient_restrictions: smtpd_relay_restrictions is not set: relaying is decided by smtpd_recipient_restrictions alone", stderr);
    }

    [Fact]
    public async Task A_bad_address_is_a_usage_error()
    {
        var (code, _, stderr) = await SekishoProcess.RunAsync(_root, null, "check", "--client", "192.0.2.1", "--sender", "a@b.example", "--recipient", "not an address");
        Assert.Equal(64, code);
        Assert.Contains("--recipient not an address", stderr);
    }
}
