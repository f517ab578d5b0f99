using System.Diagnostics;
using System.Globalization;
using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Pop3;

/// <summary>
/// mpop, a real POP3 client program (Debian package <c>mpop</c>, installed by scripts/test.sh), fetches alice's mail
/// from 127.0.0.2 over STLS into a local Maildir: what it stores is what Sekisho delivered, it recognizes mail it already
/// has by UIDL in a later session, and its deletions empty the server's Maildir.
/// </summary>
public sealed class MpopTests
{
    private static async Task<(int ExitCode, string Output)> MpopAsync(TestServer server, string home, string auth, bool keep)
    {
        var info = new ProcessStartInfo("mpop")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["HOME"] = home; // no ~/.mpoprc, no keyring: --host uses the command line only
        foreach (var argument in new[]
                 {
                     "--host=127.0.0.1", "--port=" + server.Pop3Port.ToString(CultureInfo.InvariantCulture), "--source-ip=" + Pop3TestMail.Outside,
                     "--timeout=20", "--tls=on", "--tls-starttls=on", "--tls-certcheck=off", "--auth=" + auth, "--user=alice",
                     "--passwordeval=echo secret", "--delivery=maildir," + Path.Combine(home, "Maildir"), "--received-header=off",
                     "--uidls-file=" + Path.Combine(home, "uidls"), "--keep=" + (keep ? "on" : "off"), "--half-quiet",
                 })
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException("mpop is not installed (scripts/test.sh installs it)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static List<byte[]> Fetched(string home) =>
        Directory.GetFiles(Path.Combine(home, "Maildir", "new")).OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal)
            .Select(File.ReadAllBytes).ToList();

    [Fact]
    public async Task Mpop_fetches_new_mail_by_uidl_and_deletes_what_it_has()
    {
        Assert.True(File.Exists("/usr/bin/mpop"), "mpop is not installed (scripts/test.sh installs it)");
        await using var server = await TestServer.StartAsync();
        var delivered = await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Dotted, Pop3TestMail.Plain(2));
        var home = Path.Combine(server.Root, "mpop-home");
        foreach (var folder in new[] { "tmp", "new", "cur" })
        {
            Directory.CreateDirectory(Path.Combine(home, "Maildir", folder));
        }

        var first = await MpopAsync(server, home, "user", keep: true);
        Assert.True(first.ExitCode == 0, first.Output);
        var fetched = Fetched(home);
        Assert.Equal(2, fetched.Count);
        Assert.Equal(delivered.Select(Normalized), fetched.Select(Normalized));

        // A third message arrives; mpop knows the first two by their UIDLs (now in cur/ on the server) and fetches one.
        delivered = [.. delivered, .. await Pop3TestMail.DeliverAsync(server, "alice", Pop3TestMail.Plain(3))];
        var second = await MpopAsync(server, home, "scram-sha-256", keep: false);
        Assert.True(second.ExitCode == 0, second.Output);
        fetched = Fetched(home);
        Assert.Equal(3, fetched.Count);
        Assert.Equal(Normalized(delivered[2]), Normalized(fetched[2]));
        Assert.Empty(server.MessagesOf("alice"));

        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=USER, rip=127.0.0.2, lip=127.0.0.1, tls");
        Assert.Contains(server.LogLines, l => l == "pop3d: login: user=<alice>, method=SCRAM-SHA-256, rip=127.0.0.2, lip=127.0.0.1, tls");
        Assert.Contains(server.LogLines, l => l.StartsWith("pop3d: alice: disconnected: Logged out top=0/0, retr=1/", StringComparison.Ordinal) && l.Contains(", del=3/3, "));
    }

    /// <summary>mpop stores mail with LF line endings (as Unix mail tools expect); compare on that footing.</summary>
    private static string Normalized(byte[] message) => System.Text.Encoding.UTF8.GetString(message).Replace("\r\n", "\n", StringComparison.Ordinal);
}
