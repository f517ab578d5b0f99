namespace Sekisho.EndToEnd.Tests.RelayTest;

/// <summary>
/// What <c>sekisho relay-test</c> sends, seen by a scripted server: every command byte for byte, EHLO with a
/// fall back to HELO, MAIL, RCPT, then RSET and QUIT; never DATA. A server that says 421 cannot be tested.
/// </summary>
public sealed class RelayTestSessionTests
{
    private static string Refuse(string line) => line switch
    {
        _ when line.StartsWith("EHLO ", StringComparison.Ordinal) => "502 5.5.2 EHLO not supported",
        _ when line.StartsWith("HELO ", StringComparison.Ordinal) => "250 fake.test",
        _ when line.StartsWith("MAIL ", StringComparison.Ordinal) => "250 2.1.0 Ok",
        _ when line.StartsWith("RCPT ", StringComparison.OrdinalIgnoreCase) => "550-5.7.1 No relaying\r\n550 5.7.1 for you",
        _ => "250 2.0.0 Ok",
    };

    [Fact]
    public async Task Each_test_is_one_session_sent_byte_for_byte_and_never_reaches_DATA()
    {
        await using var server = new ScriptedSmtpServer("220 fake.test ESMTP scripted", Refuse);

        var run = await RelayTestOutput.RunAsync(Path.GetTempPath(), $"127.0.0.1:{server.Port}", "--helo", "tester.example");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(RelayTestOutput.NoRelays, run.Lines[^1]);
        var sessions = server.Sessions.ToList();
        Assert.Equal(run.TestLines.Count, sessions.Count);
        foreach (var session in sessions)
        {
            Assert.Equal(6, session.Count);
            Assert.Equal(["EHLO tester.example", "HELO tester.example"], session.Take(2));
            Assert.StartsWith("MAIL FROM:", session[2]);
            Assert.Equal(["RSET", "QUIT"], session.Skip(4));
        }
        var recipients = sessions.Select(session => session[3]).ToList();
        Assert.Contains("RCPT TO:<b%relay-test.invalid@fake.test>", recipients);
        Assert.Contains("RCPT TO:<b%relay-test.invalid@[127.0.0.1]>", recipients);
        Assert.Contains("RCPT TO:<\"b@relay-test.invalid\">", recipients);
        Assert.Contains("RCPT TO:<b@relay-test.invalid@fake.test>", recipients);
        Assert.Contains("RCPT TO:<relay-test.invalid!b>", recipients);
        Assert.Contains("RCPT TO:<@fake.test:b@relay-test.invalid>", recipients);
        Assert.Contains("rcpt to: <b@relay-test.invalid>", recipients);
        Assert.Contains("RCPT TO:b@relay-test.invalid", recipients);
        Assert.Contains(sessions, session => session[2] == "MAIL FROM:<postmaster@fake.test>");
        Assert.Contains(sessions, session => session[2] == "MAIL FROM:<>");
        // A multi-line reply is printed on one line.
        Assert.EndsWith(" -> 550 5.7.1 No relaying / for you: not relayed", run.TestLines[0]);
    }

    [Fact]
    public async Task A_server_that_answers_421_cannot_be_tested()
    {
        await using var server = new ScriptedSmtpServer("421 4.3.2 fake.test busy", Refuse);

        var run = await RelayTestOutput.RunAsync(Path.GetTempPath(), $"127.0.0.1:{server.Port}");

        Assert.True(run.ExitCode == 69, run.ToString());
        Assert.Contains($"{run.TestLines.Count} of {run.TestLines.Count} tests could not be performed:", run.Lines);
        Assert.All(run.TestLines, line => Assert.EndsWith(" -> greeting 421 4.3.2 fake.test busy: not performed", line));
        Assert.DoesNotContain(RelayTestOutput.NoRelays, run.Lines);
    }

    [Fact]
    public async Task A_2xx_to_any_rcpt_is_reported_as_relayed()
    {
        await using var server = new ScriptedSmtpServer("220-fake.test ESMTP\r\n220 scripted", line => line switch
        {
            _ when line.StartsWith("EHLO ", StringComparison.Ordinal) => "250-fake.test\r\n250 8BITMIME",
            _ when line.StartsWith("RCPT TO:<b%", StringComparison.Ordinal) => "251 2.1.5 Will forward",
            _ when line.StartsWith("RCPT ", StringComparison.OrdinalIgnoreCase) => "550 5.7.1 No",
            _ => "250 2.0.0 Ok",
        });

        var run = await RelayTestOutput.RunAsync(Path.GetTempPath(), $"127.0.0.1:{server.Port}");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.All(run.RelayedLines, line => Assert.Contains(" RCPT TO:<b%relay-test.invalid@", line));
        Assert.Equal(3, run.RelayedLines.Count);
        Assert.Contains($"3 of {run.TestLines.Count} tests relayed:", run.Lines);
    }
}
